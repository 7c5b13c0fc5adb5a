import type { Api, ExportKind, ExportProgress, ExportResult, ExportTimeZone } from '../../../../src-shared/api';
import { localInputToIso } from '../format/time';
import { BusyAction } from './busy-action.svelte';

/**
 * The export form: what to export, an optional time range (datetime-local inputs, local time),
 * UTC or local times in the file, and the run's progress and outcome. Where the file goes is the
 * Api's business: a download in a browser, a save dialog in Electron.
 */
export class ExportForm {
  readonly #api: Api;
  /** The form's fields, bound to its inputs; `from` and `to` as datetime-local values. */
  what = $state<ExportKind>('summaries');
  from = $state('');
  to = $state('');
  tz = $state<ExportTimeZone>('utc');
  readonly #action = new BusyAction();
  #progress = $state.raw<ExportProgress | null>(null);
  #result = $state.raw<ExportResult | null>(null);
  #error = $state<string | null>(null);

  constructor(api: Api) {
    this.#api = api;
  }

  get busy(): boolean {
    return this.#action.busy;
  }
  get progress(): ExportProgress | null {
    return this.#progress;
  }
  get result(): ExportResult | null {
    return this.#result;
  }
  get error(): string | null {
    return this.#error;
  }

  readonly fromIso = $derived(localInputToIso(this.from));
  readonly toIso = $derived(localInputToIso(this.to));

  readonly fromError = $derived(this.fromIso === null ? 'Enter a date and time, or leave empty for the oldest.' : null);
  readonly toError = $derived.by(() => {
    if (this.toIso === null) return 'Enter a date and time, or leave empty for now.';
    if (this.fromIso && this.toIso && this.toIso <= this.fromIso) return '"To" must be after "From".';
    return null;
  });

  /** Fraction done from 0 to 1, or null when the total is not known yet. */
  readonly fraction = $derived.by(() => {
    const p = this.#progress;
    if (!p) return null;
    if (p.done) return 1;
    return p.windows_total > 0 ? Math.min(1, p.windows_done / p.windows_total) : null;
  });

  /** Progress pushed by the Api while a file is written (from any export of this engine). */
  acceptProgress(p: ExportProgress): void {
    this.#progress = p;
  }

  async run(): Promise<void> {
    if (this.#action.busy || this.fromError || this.toError) return;
    this.#error = null;
    this.#result = null;
    this.#progress = null;
    await this.#action.run(
      () =>
        this.#api.exportCsv({
          what: this.what,
          from: this.fromIso || undefined,
          to: this.toIso || undefined,
          tz: this.tz,
        }),
      (result) => (this.#result = result),
      (message) => (this.#error = message),
    );
  }
}
