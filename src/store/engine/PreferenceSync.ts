// The user's preferences: changed locally at once, sent when a connection can take them, and
// marked clean only when the server confirms the last change sent (`preferencesDirty`
// survives a reload, so a change made offline is sent after the next connect).

import type { Preferences, ServerFrameOf } from '../../protocol/types';
import type { EngineContext } from './EngineContext';

export class PreferenceSync {
  constructor(private readonly ctx: EngineContext) {}

  update(preferences: Partial<Preferences>): void {
    this.ctx.set((s) => ({
      preferences: { ...s.preferences, ...preferences },
      preferencesDirty: true,
    }));
    if (this.ctx.ready) this.send();
  }

  send(): void {
    this.ctx.send(
      { action: 'update_preferences', preferences: this.ctx.get().preferences },
      { kind: 'preferences' },
    );
  }

  /** Ours, or changed by the assistant from the conversation (no requestId). */
  onPreferencesUpdated(frame: ServerFrameOf<'preferences_updated'>): void {
    const requests = this.ctx.requests;
    const ours = frame.requestId !== undefined && requests.has(frame.requestId);
    if (frame.requestId !== undefined) requests.delete(frame.requestId);
    const stillPending = [...requests.values()].some((r) => r.kind === 'preferences');
    this.ctx.set((s) => ({
      preferences: frame.preferences,
      preferencesDirty: ours && !stillPending ? false : s.preferencesDirty,
    }));
  }
}
