import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap, EventName, Result, Settings } from '../../shared/contract/index';
import { DEFAULT_SETTINGS } from '../../shared/contract/index';
import { setApiClient, type ApiClient } from '../../renderer/api/client';
import { useSettingsStore } from '../../renderer/store/settings-store';

/** A client whose settings.update answers when the test says so, pushing progress events meanwhile. */
function fakeClient(answer: (input: Record<string, unknown>) => Result<Settings>) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const client: ApiClient = {
    mode: 'browser',
    hasToken: true,
    async call(method, input) {
      if (method !== 'settings.update') return { ok: true, value: {} } as Result<never>;
      await gate;
      return answer(input as Record<string, unknown>) as Result<never>;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  const emit = <E extends EventName>(name: E, payload: EventMap[E]) => listeners.get(name)?.forEach((l) => l(payload));
  const listening = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { client, emit, release, listening };
}

afterEach(() => {
  setApiClient(null);
  useSettingsStore.setState({ settings: null, error: null, updatingFigures: null });
});

describe('settings store: saving a scoring setting', () => {
  it('follows the recompute while the call runs, then keeps the new settings', async () => {
    const fake = fakeClient((input) => ({ ok: true, value: { ...DEFAULT_SETTINGS, currency: 'EUR', ...input } as Settings }));
    setApiClient(fake.client);
    useSettingsStore.setState({ settings: { ...DEFAULT_SETTINGS, currency: 'EUR' } });
    const saving = useSettingsStore.getState().updateScoring({ hourlyRate: 8000 });
    expect(useSettingsStore.getState().updatingFigures).toEqual({ done: 0, total: 0 });
    fake.emit('progress', { task: 'sample', done: 9, total: 10, label: 'not ours' });
    expect(useSettingsStore.getState().updatingFigures).toEqual({ done: 0, total: 0 });
    fake.emit('progress', { task: 'figures', done: 400, total: 1000, label: 'Bringing every figure up to date' });
    expect(useSettingsStore.getState().updatingFigures).toEqual({ done: 400, total: 1000 });
    fake.release();
    const result = await saving;
    expect(result.ok).toBe(true);
    expect(useSettingsStore.getState().settings?.hourlyRate).toBe(8000);
    expect(useSettingsStore.getState().updatingFigures).toBeNull();
    expect(fake.listening()).toBe(0);
  });

  it('a refusal comes back to the form and leaves the settings and the store error alone', async () => {
    const refusal: Result<Settings> = {
      ok: false,
      error: { code: 'invalid_input', message: 'hourlyRate: The hourly rate cannot be negative', field: 'hourlyRate', issues: [{ field: 'hourlyRate', message: 'The hourly rate cannot be negative' }] },
    };
    const fake = fakeClient(() => refusal);
    setApiClient(fake.client);
    useSettingsStore.setState({ settings: DEFAULT_SETTINGS });
    const saving = useSettingsStore.getState().updateScoring({ hourlyRate: -500 });
    fake.release();
    const result = await saving;
    expect(result).toEqual(refusal);
    expect(useSettingsStore.getState().settings).toEqual(DEFAULT_SETTINGS);
    expect(useSettingsStore.getState().error).toBeNull();
    expect(useSettingsStore.getState().updatingFigures).toBeNull();
  });

  it('refuses a second save while the first one runs', async () => {
    const fake = fakeClient((input) => ({ ok: true, value: { ...DEFAULT_SETTINGS, ...input } as Settings }));
    setApiClient(fake.client);
    const first = useSettingsStore.getState().updateScoring({ grossMarginPct: 60 });
    const second = await useSettingsStore.getState().updateScoring({ grossMarginPct: 70 });
    expect(second.ok).toBe(false);
    fake.release();
    expect((await first).ok).toBe(true);
    expect(useSettingsStore.getState().settings?.grossMarginPct).toBe(60);
  });
});
