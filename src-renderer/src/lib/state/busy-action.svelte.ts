import { errorMessage } from '../api/api-error';

/**
 * The one-at-a-time user action of a form (Start listening, Apply settings, Export CSV): `busy`
 * while its Api call runs, so the control that started it stays disabled, and the outcome handed
 * over before `busy` drops, so the form is never seen idle without the outcome.
 */
export class BusyAction {
  #busy = $state(false);

  get busy(): boolean {
    return this.#busy;
  }

  /**
   * Runs `call`: `done` takes its value, `failed` the message for a person of whatever the call or
   * `done` threw, and the thrown value itself (for a caller that words some error codes its own
   * way). Refusing a second action while one runs is the caller's part (it checks `busy` before
   * touching its own state).
   */
  async run<T>(call: () => Promise<T>, done: (value: T) => void, failed: (message: string, error: unknown) => void): Promise<void> {
    this.#busy = true;
    try {
      done(await call());
    } catch (err) {
      failed(errorMessage(err), err);
    } finally {
      this.#busy = false;
    }
  }
}
