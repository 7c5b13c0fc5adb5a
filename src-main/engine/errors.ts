// The engine's failures are ApiErrors (src-shared/errors): a code of the one ErrorCode union and a
// sentence for a person, which every host passes on unchanged.
import { ApiError } from '../../src-shared/errors';

export { toErrorBody } from '../../src-shared/errors';

/** An error meant for a person, raised inside the engine or its hosts. */
export class EngineError extends ApiError {
  constructor(...args: ConstructorParameters<typeof ApiError>) {
    super(...args);
    this.name = 'EngineError';
  }
}
