import { describe, expect, it } from 'vitest';
import { dropFailureText } from '../../../../../src-renderer/src/lib/state/drop-failure';

/** What every Api rejection is: an Error with the engine's code (ApiErrorBody.code). */
const apiError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('dropFailureText (Connections: why a Drop failed)', () => {
  it('says the client had already gone when the engine no longer knows the connection (NOT_FOUND)', () => {
    const err = apiError('NOT_FOUND', 'no connection with id c7');
    expect(dropFailureText('127.0.0.1:51234', err)).toBe('127.0.0.1:51234 had already disconnected.');
  });

  it('reads NOT_FOUND only from the code, not from words in the message', () => {
    const err = apiError('INTERNAL', 'NOT_FOUND');
    expect(dropFailureText('[::1]:4000', err)).toBe('Could not drop [::1]:4000: NOT_FOUND');
  });

  it("names the client and gives the engine's message for any other failure", () => {
    const err = apiError('UNREACHABLE', 'Cannot reach the Tallyline engine');
    expect(dropFailureText('127.0.0.1:51234', err)).toBe('Could not drop 127.0.0.1:51234: Cannot reach the Tallyline engine');
  });

  it('still says something for a rejection that is not an Error', () => {
    expect(dropFailureText('127.0.0.1:51234', undefined)).toBe('Could not drop 127.0.0.1:51234: Something went wrong.');
  });
});
