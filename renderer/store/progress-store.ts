import { create } from 'zustand';
import type { EventMap } from '../../shared/contract/index';
import { api } from '../api/client';

type Progress = EventMap['progress'];

interface ProgressState {
  /** The latest progress of each task under way, by task name. */
  tasks: Record<string, Progress>;
  begin(task: string, label: string): void;
  end(task: string): void;
}

/**
 * Long work (imports, exports, backups) reports progress as 'progress' events. A view calls
 * `begin` before its call and `end` after; in between the bar follows the back end's events.
 */
export const useProgressStore = create<ProgressState>((set) => ({
  tasks: {},
  begin(task, label) {
    set((s) => ({ tasks: { ...s.tasks, [task]: { task, done: 0, total: 1, label } } }));
  },
  end(task) {
    set((s) => {
      const { [task]: _gone, ...rest } = s.tasks;
      return { tasks: rest };
    });
  },
}));

let listening = false;
/** Starts following the back end's progress events (once, from the app's root). */
export function listenToProgress(): () => void {
  if (listening) return () => {};
  listening = true;
  const off = api().on('progress', (p) => {
    useProgressStore.setState((s) => (s.tasks[p.task] ? { tasks: { ...s.tasks, [p.task]: p } } : s));
  });
  return () => {
    listening = false;
    off();
  };
}
