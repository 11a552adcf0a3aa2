import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
  action?: { label: string; run: () => void } | undefined;
}

interface ToastState {
  toasts: Toast[];
  show(message: string, options?: { tone?: Toast['tone']; action?: Toast['action']; timeoutMs?: number }): number;
  dismiss(id: number): void;
}

let nextId = 1;

/** Short notices at the bottom of the window; a delete's toast carries its Undo. */
export const useToastStore = create<ToastState>((set, get) => ({
  toasts: [],
  show(message, options = {}) {
    const id = nextId++;
    const toast: Toast = { id, message, tone: options.tone ?? 'info', action: options.action };
    set({ toasts: [...get().toasts.slice(-3), toast] });
    window.setTimeout(() => get().dismiss(id), options.timeoutMs ?? (options.action ? 8000 : 4000));
    return id;
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const toast = (message: string, options?: Parameters<ToastState['show']>[1]) => useToastStore.getState().show(message, options);
