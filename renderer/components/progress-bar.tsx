import { useProgressStore } from '../store/progress-store';

/** The bar of a long task under way (nothing when the task is not running). */
export function TaskProgress({ task, label }: { task: string; label: string }) {
  const p = useProgressStore((s) => s.tasks[task]);
  if (!p) return null;
  const pct = p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
  return (
    <div className="task-progress" role="status">
      <progress max={Math.max(1, p.total)} value={Math.min(p.done, p.total)} aria-label={label} />
      <span className="muted" style={{ fontSize: 13 }}>
        {p.label} {pct}%
      </span>
    </div>
  );
}
