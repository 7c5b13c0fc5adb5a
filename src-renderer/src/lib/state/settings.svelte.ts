import { DEFAULT_SETTINGS } from '../../../../src-shared/settings';
import type { Api } from '../../../../src-shared/api';
import type { Settings } from '../../../../src-shared/settings';
import { BusyAction } from './busy-action.svelte';
import { clusterDraftErrors, clusterDraftOf } from './cluster-draft';
import type { ClusterDraft, ClusterErrors } from './cluster-draft';
import { draftErrors, draftOf, settingsFromDraft, settingsPatch } from './settings-draft';
import type { DraftErrors, SettingsDraft } from './settings-draft';

/** What Apply said, and about which draft. */
interface ApplyMessage {
  kind: 'ok' | 'error';
  text: string;
  /** draftKey() of the draft it was said about. */
  draft: string;
}

/**
 * The settings form: the engine's current settings, an editable draft (text, as typed), per-field
 * messages, and Apply, which sends only the changed fields and takes the engine's answer as truth.
 * Apply's message speaks of the draft it was given: an edit after it retires it, so "Settings
 * applied." never stands beside a field's new error (nor an old refusal beside new values).
 */
export class SettingsForm {
  readonly #api: Api;
  #current = $state.raw<Settings>(DEFAULT_SETTINGS);
  #loaded = $state(false);
  /** The draft text of each numeric field, as typed; deep $state, each field bound to an input. */
  draft = $state<SettingsDraft>(draftOf(DEFAULT_SETTINGS));
  /** The event-time checkbox. */
  eventTime = $state(DEFAULT_SETTINGS.event_time);
  /** The Cluster section: its mode and text fields as typed; deep $state, each bound to its control. */
  cluster = $state<ClusterDraft>(clusterDraftOf(DEFAULT_SETTINGS));
  readonly #action = new BusyAction();
  #message = $state.raw<ApplyMessage | null>(null);

  constructor(api: Api) {
    this.#api = api;
  }

  get current(): Settings {
    return this.#current;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get busy(): boolean {
    return this.#action.busy;
  }
  readonly message: { kind: 'ok' | 'error'; text: string } | null = $derived.by(() => {
    const m = this.#message;
    return m && m.draft === this.#draftKey() ? { kind: m.kind, text: m.text } : null;
  });

  readonly errors: DraftErrors = $derived(draftErrors(this.draft));
  readonly clusterErrors: ClusterErrors = $derived(clusterDraftErrors(this.cluster));

  /** The draft as Settings, or null while a field is invalid. */
  readonly next: Settings | null = $derived(settingsFromDraft(this.#current, this.draft, this.eventTime, this.cluster));

  readonly valid = $derived(this.next !== null);

  readonly dirty = $derived(this.next === null || Object.keys(settingsPatch(this.#current, this.next)).length > 0);

  /** Takes the engine's settings; the draft follows unless the user is mid-edit. */
  load(s: Settings): void {
    const editing = this.#loaded && this.dirty;
    this.#current = s;
    this.#loaded = true;
    if (!editing) this.#resetDraft(s);
  }

  reset(): void {
    if (this.#action.busy) return;
    this.#resetDraft(this.#current);
    this.#message = null;
  }

  async apply(): Promise<void> {
    const next = this.next;
    if (!next || this.#action.busy) return;
    const patch = settingsPatch(this.#current, next);
    if (Object.keys(patch).length === 0) return;
    this.#message = null;
    await this.#action.run(
      () => this.#api.updateSettings(patch),
      (applied) => {
        this.#current = applied;
        this.#resetDraft(applied);
        this.#message = { kind: 'ok', text: 'Settings applied.', draft: this.#draftKey() };
      },
      (message) => (this.#message = { kind: 'error', text: message, draft: this.#draftKey() }),
    );
  }

  /** The whole draft as one string (reading every field, so a $derived of it follows each edit). */
  #draftKey(): string {
    return JSON.stringify([this.draft, this.eventTime, this.cluster]);
  }

  #resetDraft(s: Settings): void {
    this.draft = draftOf(s);
    this.eventTime = s.event_time;
    this.cluster = clusterDraftOf(s);
  }
}
