import type { Api, ExportKind, ExportProgress, ExportResult } from '../../../../src-shared/api';
import { zonedInputToIso } from '../format/zone-time';
import { BusyAction } from './busy-action.svelte';
import type { PageZone } from './page-zone.svelte';

/**
 * The export form: what to export, an optional time range (datetime-local inputs, read in the
 * page's zone), and the run's progress and outcome. The file's times are in the page's zone too
 * (its IANA name goes as `tz`: `local` would mean the server's zone). Where the file goes is the
 * Api's business: a download in a browser, a save dialog in Electron.
 */
export class ExportForm {
  readonly #api: Api;
  readonly #zone: PageZone;
  /** The form's fields, bound to its inputs; `from` and `to` as datetime-local values. */
  what = $state<ExportKind>('summaries');
  from = $state('');
  to = $state('');
  readonly #action = new BusyAction();
  #progress = $state.raw<ExportProgress | null>(null);
  #result = $state.raw<ExportResult | null>(null);
  #error = $state<string | null>(null);

  constructor(api: Api, zone: PageZone) {
    this.#api = api;
    this.#zone = zone;
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

  // Read in the page's zone; in closures, as #zone is set by the constructor after these fields.
  readonly fromIso = $derived.by(() => zonedInputToIso(this.from, this.#zone.current));
  readonly toIso = $derived.by(() => zonedInputToIso(this.to, this.#zone.current));

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

  /** Writes the file. Each attempt replaces the last one's outcome, a refused one included. */
  async run(): Promise<void> {
    if (this.#action.busy) return;
    this.#error = null;
    this.#result = null;
    this.#progress = null;
    if (this.fromError || this.toError) {
      this.#error = 'Correct the time range first.';
      return;
    }
    const tz = this.#zone.current;
    await this.#action.run(
      () =>
        this.#api.exportCsv({
          what: this.what,
          from: this.fromIso || undefined,
          to: this.toIso || undefined,
          tz,
        }),
      (result) => (this.#result = result),
      (message) => (this.#error = message),
    );
  }
}
