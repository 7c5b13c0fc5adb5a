// The `[CODE] sentence` form that carries an error code across contextBridge: the preload's encode
// and the renderer's decode must undo each other for every code and sentence, including sentences
// that themselves look like a prefix, and anything the form cannot hold must come back as INTERNAL
// rather than as a wrong code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBridgedError, decodeBridgedErrors, encodeBridgedError, encodeBridgedErrors } from '../../../src-shared/bridged-errors';
import { ERROR_CODES, type ApiErrorBody } from '../../../src-shared/errors';
import type { Api } from '../../../src-shared/api';
import { createFakeElectron } from '../electron/fake-electron';

const code = fc.constantFrom(...ERROR_CODES);

describe('encodeBridgedError and decodeBridgedError', () => {
  it('round-trip every code with any sentence', () => {
    fc.assert(
      fc.property(code, fc.string({ unit: 'grapheme' }), (c, message) => {
        expect(decodeBridgedError(encodeBridgedError({ code: c, message }))).toEqual({ code: c, message });
      }),
    );
  });

  it('round-trip sentences that start with a bracket or a whole prefix of their own', () => {
    const tricky = ['[', '[]', '[x', '[EADDRINUSE] port 9 is taken', '[[BAD_PORT]] ', '[A] [B] c', '] x', ''];
    for (const message of tricky) {
      const body: ApiErrorBody = { code: 'BAD_HOST', message };
      expect(decodeBridgedError(encodeBridgedError(body))).toEqual(body);
    }
    expect(encodeBridgedError({ code: 'EADDRINUSE', message: 'port 9000 is already in use on 127.0.0.1' })).toBe(
      '[EADDRINUSE] port 9000 is already in use on 127.0.0.1',
    );
  });

  it('sends a code outside the ErrorCode union as INTERNAL, with the sentence intact', () => {
    for (const c of ['', 'A]B', 'TWO WORDS', 'HTTP_404', 'lower-case.code']) {
      const body = { code: c, message: '[X] the sentence' } as unknown as ApiErrorBody;
      expect(decodeBridgedError(encodeBridgedError(body))).toEqual({ code: 'INTERNAL', message: '[X] the sentence' });
    }
  });

  it('reads a message without a known prefix as INTERNAL and leaves it whole', () => {
    for (const message of ['plain sentence', '[EADDRINUSE]no space', '[] empty code', ' [LEADING] space', '[NOT_A_CODE] x', '']) {
      expect(decodeBridgedError(message)).toEqual({ code: 'INTERNAL', message });
    }
  });
});

describe('encodeBridgedErrors and decodeBridgedErrors around contextBridge', () => {
  // The inner Api is a fixture whose commands reject in each way the preload can see; what is
  // under test is the wrapping on both sides of the (fake, message-only) bridge.
  function bridged(rejectWith: unknown): Api {
    const reject = () => Promise.reject(rejectWith);
    const inner = {
      status: reject,
      startListener: reject,
      stopListener: reject,
      getSettings: reject,
      updateSettings: reject,
      dropConnection: reject,
      summaries: reject,
      exportCsv: reject,
      onSnapshot: () => () => {},
      onExportProgress: () => () => {},
      onLink: (cb: (s: string) => void) => {
        cb('open');
        return () => {};
      },
    } as unknown as Api;
    const electron = createFakeElectron();
    electron.module.contextBridge.exposeInMainWorld('tallyline', encodeBridgedErrors(inner));
    return decodeBridgedErrors(electron.mainWorld.tallyline as Api);
  }

  it('restores code and message on every command', async () => {
    const err = Object.assign(new Error('[ok] a sentence in brackets'), { code: 'NOT_FOUND' });
    const api = bridged(err);
    const calls: Promise<unknown>[] = [
      api.status(),
      api.startListener({ host: '127.0.0.1', port: 1 }),
      api.stopListener(),
      api.getSettings(),
      api.updateSettings({}),
      api.dropConnection('c-1'),
      api.summaries({}),
      api.exportCsv({ what: 'summaries' }),
    ];
    for (const call of calls) {
      await expect(call).rejects.toMatchObject({ name: 'ApiError', code: 'NOT_FOUND', message: '[ok] a sentence in brackets' });
    }
  });

  it('gives a rejection without a code the code INTERNAL and keeps its words', async () => {
    await expect(bridged(new Error("Error invoking remote method 'x'")).status()).rejects.toMatchObject({
      code: 'INTERNAL',
      message: "Error invoking remote method 'x'",
    });
    await expect(bridged('a bare string').status()).rejects.toMatchObject({ code: 'INTERNAL', message: 'a bare string' });
  });

  it('passes subscriptions through unchanged', () => {
    const states: string[] = [];
    const off = bridged(new Error('unused')).onLink((s) => states.push(s));
    expect(states).toEqual(['open']);
    expect(typeof off).toBe('function');
  });
});
