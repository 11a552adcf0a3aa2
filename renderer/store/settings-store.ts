import { create } from 'zustand';
import type { AppInfo, ApiError, Result, Settings } from '../../shared/contract/index';
import { api } from '../api/client';

/** The settings every figure depends on: changing one recomputes them all in the same call. */
export const SCORING_KEYS = ['hourlyRate', 'grossMarginPct', 'referralSharePct', 'windowDays'] as const;
export type ScoringKey = (typeof SCORING_KEYS)[number];
export type ScoringPatch = Partial<Pick<Settings, ScoringKey>>;

/** Progress of the recompute a scoring change starts; total 0 until the back end reports one. */
export interface FiguresProgress {
  done: number;
  total: number;
}

interface SettingsState {
  settings: Settings | null;
  info: AppInfo | null;
  error: ApiError | null;
  /** A scoring change is being saved and every figure recomputed; null otherwise. */
  updatingFigures: FiguresProgress | null;
  load(): Promise<void>;
  update(patch: Partial<Settings>): Promise<Result<Settings>>;
  /**
   * Saves scoring settings (values as typed where they are not numbers, so the back end says what
   * is wrong), following the recompute's progress while the call runs.
   */
  updateScoring(patch: Partial<Record<ScoringKey, unknown>>): Promise<Result<Settings>>;
}

export const useSettingsStore = create<SettingsState>((set, get) => ({
  settings: null,
  info: null,
  error: null,
  updatingFigures: null,
  async load() {
    const [settings, info] = await Promise.all([api().call('settings.get', {}), api().call('app.info', {})]);
    if (!settings.ok) return set({ error: settings.error });
    if (!info.ok) return set({ error: info.error });
    set({ settings: settings.value, info: info.value, error: null });
  },
  async update(patch) {
    const result = await api().call('settings.update', patch);
    if (result.ok) set({ settings: result.value, error: null });
    else set({ error: result.error });
    return result;
  },
  async updateScoring(patch) {
    if (get().updatingFigures) return { ok: false, error: { code: 'conflict', message: 'The figures are still being updated; try again in a moment.' } };
    set({ updatingFigures: { done: 0, total: 0 } });
    const off = api().on('progress', (p) => {
      if (p.task === 'figures' && get().updatingFigures) set({ updatingFigures: { done: p.done, total: p.total } });
    });
    try {
      // The input is checked by the back end's schema; a value that is not a number is its to refuse.
      const result = await api().call('settings.update', patch as ScoringPatch);
      // A refused change leaves the book as it was: no store-wide error, the form shows it.
      if (result.ok) set({ settings: result.value });
      return result;
    } finally {
      off();
      set({ updatingFigures: null });
    }
  },
}));

export const settingsSelectors = {
  theme: (s: SettingsState) => s.settings?.theme ?? 'system',
  /** The scoring settings as one comparable key (a change of any of them changes every figure). */
  scoringKey: (s: SettingsState) => (s.settings ? SCORING_KEYS.map((k) => String(s.settings?.[k])).join('|') : ''),
};
