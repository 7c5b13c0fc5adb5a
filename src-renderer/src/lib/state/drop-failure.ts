// What the Connections card says when a drop fails; plain so unit tests run it without Svelte.
import { errorMessage } from '../api/api-error';

/** The error code the Api promises on every rejection (ApiErrorBody.code), or null for anything else. */
function codeOf(err: unknown): string | null {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
}

/**
 * The sentence shown next to the table when dropping the client at `remote` failed with `err`.
 * NOT_FOUND means the client left between the snapshot that listed it and the click: what the user
 * wanted has happened, so say that rather than the engine's "no connection with id …".
 */
export function dropFailureText(remote: string, err: unknown): string {
  if (codeOf(err) === 'NOT_FOUND') return `${remote} had already disconnected.`;
  return `Could not drop ${remote}: ${errorMessage(err)}`;
}
