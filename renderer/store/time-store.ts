import { addWeeks, format, parseISO, startOfWeek } from 'date-fns';
import { create } from 'zustand';
import type { ApiError, MethodInput, Result, TimeEntry, Timesheet } from '../../shared/contract/index';
import { api } from '../api/client';
import { toast } from './toast-store';

/** The Monday (YYYY-MM-DD, local) of the week holding `date`. */
export function mondayOf(date: Date): string {
  return format(startOfWeek(date, { weekStartsOn: 1 }), 'yyyy-MM-dd');
}

/** Minutes as h:mm, the timesheet's unit. */
export function hmm(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

interface TimeState {
  weekStart: string;
  sheet: Timesheet | null;
  error: ApiError | null;
  loading: boolean;
  load(): Promise<void>;
  goTo(weekStart: string): Promise<void>;
  shift(weeks: number): Promise<void>;
  thisWeek(): Promise<void>;
  create(input: MethodInput<'timeEntries.create'>): Promise<Result<TimeEntry>>;
  update(input: MethodInput<'timeEntries.update'>): Promise<Result<TimeEntry>>;
  remove(entry: TimeEntry): Promise<void>;
}

let seq = 0;

export const useTimeStore = create<TimeState>((set, get) => ({
  weekStart: mondayOf(new Date()),
  sheet: null,
  error: null,
  loading: false,
  async load() {
    const mine = ++seq;
    const weekStart = get().weekStart;
    set({ loading: true });
    const result = await api().call('time.week', { weekStart });
    if (mine !== seq) return;
    if (result.ok) set({ sheet: result.value, error: null, loading: false });
    else set({ error: result.error, loading: false });
  },
  async goTo(weekStart) {
    set({ weekStart });
    await get().load();
  },
  async shift(weeks) {
    await get().goTo(format(addWeeks(parseISO(get().weekStart), weeks), 'yyyy-MM-dd'));
  },
  async thisWeek() {
    await get().goTo(mondayOf(new Date()));
  },
  async create(input) {
    const result = await api().call('timeEntries.create', input);
    if (result.ok) void get().load();
    return result;
  },
  async update(input) {
    const result = await api().call('timeEntries.update', input);
    if (result.ok) void get().load();
    return result;
  },
  async remove(entry) {
    const result = await api().call('timeEntries.delete', { id: entry.id });
    if (!result.ok) {
      toast(result.error.message, { tone: 'error' });
      return;
    }
    void get().load();
    toast(`Moved ${hmm(entry.minutes)} on ${entry.contactName ?? entry.activity} to the trash`, {
      action: {
        label: 'Undo',
        run: () => {
          void api()
            .call('timeEntries.restore', { id: entry.id })
            .then((restored) => {
              if (restored.ok) void get().load();
              else toast(restored.error.message, { tone: 'error' });
            });
        },
      },
    });
  },
}));

export const timeSelectors = {
  /** The entry with this id, if the week on screen holds it. */
  entry: (id: number | null) => (s: TimeState) => (id === null ? null : (s.sheet?.entries.find((e) => e.id === id) ?? null)),
};
