import { create } from 'zustand';
import type { AppInfo, ApiError, Settings } from '../../shared/contract/index';
import { api } from '../api/client';

interface SettingsState {
  settings: Settings | null;
  info: AppInfo | null;
  error: ApiError | null;
  load(): Promise<void>;
  update(patch: Partial<Settings>): Promise<void>;
}

export const useSettingsStore = create<SettingsState>((set) => ({
  settings: null,
  info: null,
  error: null,
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
  },
}));

export const settingsSelectors = {
  theme: (s: SettingsState) => s.settings?.theme ?? 'system',
};
