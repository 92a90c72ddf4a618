import { X } from 'lucide-react';
import { create } from 'zustand';

export type ToastKind = 'info' | 'error' | 'success';
export interface Toast {
  id: number;
  message: string;
  kind: ToastKind;
}

interface ToastState {
  toasts: Toast[];
  push: (message: string, kind?: ToastKind) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;
const LIFETIME_MS = { info: 5000, success: 5000, error: 10_000 } as const;

/** The shell's single toast area; remotes reach it through the contract's `notify`. */
export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  push(message, kind = 'info') {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-3), { id, message, kind }] });
    setTimeout(() => get().dismiss(id), LIFETIME_MS[kind]);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const notify = (message: string, kind?: ToastKind) => useToasts.getState().push(message, kind);

export function ToastArea() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.kind}`}>
          <span>{t.message}</span>
          <button type="button" className="icon-button" onClick={() => dismiss(t.id)} aria-label="Dismiss notification">
            <X aria-hidden size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
