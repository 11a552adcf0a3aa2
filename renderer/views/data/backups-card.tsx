import { Archive, CheckCircle2, DatabaseBackup, RotateCcw, Trash2 } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError, BackupFile, BackupKind, BackupSchedule } from '../../../shared/contract/index';
import { EmptyState } from '../../components/empty-state';
import { TaskProgress } from '../../components/progress-bar';
import { listenToBackups, useBackupsStore } from '../../store/backups-store';
import './book-data.css';

export const KIND_LABELS: Record<BackupKind, string> = {
  daily: 'Daily',
  weekly: 'Weekly',
  manual: 'Made by you',
  'before-restore': 'Before a restore',
  'before-import': 'Before an import',
  'before-migration': 'Before an upgrade',
  damaged: 'A damaged book, kept aside',
};

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function formatSize(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  if (mb >= 1) return new Intl.NumberFormat(undefined, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(mb);
  return new Intl.NumberFormat(undefined, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024));
}

/** Backups: where they live, the schedule, "back up now", and every copy with restore and delete. */
export function BackupsCard() {
  const view = useBackupsStore((s) => s.view);
  const error = useBackupsStore((s) => s.error);
  const busy = useBackupsStore((s) => s.busy);
  const report = useBackupsStore((s) => s.report);
  const load = useBackupsStore((s) => s.load);
  const backUpNow = useBackupsStore((s) => s.backUpNow);
  const dismiss = useBackupsStore((s) => s.dismissReport);
  useEffect(() => {
    void load();
    return listenToBackups();
  }, [load]);

  const restored = report?.kind === 'restore' ? report : null;
  return (
    <section className="card import-card" aria-labelledby="backups">
      <h2 id="backups">
        <DatabaseBackup size={18} aria-hidden="true" /> Backups
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        Copies of the whole book, made with SQLite’s own backup while you keep working. Restoring one checks it first and keeps your current book aside as
        another backup, so nothing is lost.
      </p>
      {error && (
        <div className="book-data-error" role="alert">
          {error.message}
        </div>
      )}
      {view && (
        <dl className="kv">
          <dt>Backups folder</dt>
          <dd>{view.dir}</dd>
        </dl>
      )}
      {view && <ScheduleForm key={JSON.stringify(view.schedule)} schedule={view.schedule} />}
      <div className="book-data-row">
        <button type="button" className="btn primary" disabled={busy !== null} onClick={() => void backUpNow()}>
          <DatabaseBackup size={15} aria-hidden="true" /> Back up now
        </button>
      </div>
      {busy === 'backup' && <TaskProgress task="backup" label="Backing up" />}
      {busy === 'restore' && <TaskProgress task="restore" label="Restoring a backup" />}
      {restored && (
        <div className="book-data-report" role="status">
          <CheckCircle2 size={18} aria-hidden="true" style={{ color: 'var(--accent)', flex: 'none' }} />
          <div>
            <strong>
              Restored {restored.from}: {restored.contacts.toLocaleString()} {restored.contacts === 1 ? 'contact' : 'contacts'}.
            </strong>
            <span className="muted">The book before is kept as the backup {restored.keptAside}.</span>
          </div>
          <button type="button" className="btn ghost small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
      {view && (view.files.length === 0 ? <EmptyBackups /> : <BackupList files={view.files} />)}
    </section>
  );
}

function EmptyBackups() {
  return (
    <EmptyState icon={<Archive size={28} />} title="No backups yet">
      Back up now, or leave automatic backups on: the first daily copy is made a minute after Rapport starts.
    </EmptyState>
  );
}

function ScheduleForm({ schedule }: { schedule: BackupSchedule }) {
  const setSchedule = useBackupsStore((s) => s.setSchedule);
  const [daily, setDaily] = useState(String(schedule.keepDaily));
  const [weekly, setWeekly] = useState(String(schedule.keepWeekly));
  const [error, setError] = useState<ApiError | null>(null);
  const dailyId = useId();
  const weeklyId = useId();
  const changed = daily !== String(schedule.keepDaily) || weekly !== String(schedule.keepWeekly);
  const save = async (patch: Partial<BackupSchedule>) => {
    setError(await setSchedule(patch));
  };
  const fieldError = (field: string) => (error?.field === field ? error.message : null);
  return (
    <form
      className="book-data-schedule"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save({ keepDaily: Number(daily), keepWeekly: Number(weekly) });
      }}
    >
      <label className="check">
        <input type="checkbox" checked={schedule.auto} onChange={(e) => void save({ auto: e.target.checked })} />
        Back up automatically every day
      </label>
      <div className="field">
        <label htmlFor={dailyId}>Daily copies to keep</label>
        <input
          id={dailyId}
          className="input"
          type="number"
          min={1}
          max={60}
          inputMode="numeric"
          value={daily}
          onChange={(e) => setDaily(e.target.value)}
          aria-invalid={fieldError('keepDaily') ? true : undefined}
          aria-describedby={fieldError('keepDaily') ? `${dailyId}-error` : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={weeklyId}>Weekly copies to keep</label>
        <input
          id={weeklyId}
          className="input"
          type="number"
          min={0}
          max={52}
          inputMode="numeric"
          value={weekly}
          onChange={(e) => setWeekly(e.target.value)}
          aria-invalid={fieldError('keepWeekly') ? true : undefined}
          aria-describedby={fieldError('keepWeekly') ? `${weeklyId}-error` : undefined}
        />
      </div>
      <button type="submit" className="btn" disabled={!changed}>
        Save
      </button>
      {error && (
        <span className="book-data-error" role="alert" id={`${error.field === 'keepWeekly' ? weeklyId : dailyId}-error`} style={{ flexBasis: '100%' }}>
          {error.message}
        </span>
      )}
      <p className="muted" style={{ margin: 0, flexBasis: '100%', fontSize: 'var(--fs-sm)' }}>
        The newest copy of each week is kept as that week’s copy. Copies you make, and those made before a restore, an import or an upgrade, stay until you
        delete them.
      </p>
    </form>
  );
}

function BackupList({ files }: { files: BackupFile[] }) {
  const [confirming, setConfirming] = useState<{ file: string; action: 'restore' | 'delete' } | null>(null);
  return (
    <table className="table backups-table">
      <caption className="sr-only">
        Backups, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Made</th>
          <th scope="col">Kind</th>
          <th scope="col" className="num">
            Size
          </th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <BackupRow
            key={f.file}
            file={f}
            confirming={confirming?.file === f.file ? confirming.action : null}
            onConfirm={(action) => setConfirming(action ? { file: f.file, action } : null)}
          />
        ))}
      </tbody>
    </table>
  );
}

function BackupRow({ file, confirming, onConfirm }: { file: BackupFile; confirming: 'restore' | 'delete' | null; onConfirm(action: 'restore' | 'delete' | null): void }) {
  const busy = useBackupsStore((s) => s.busy);
  const restore = useBackupsStore((s) => s.restore);
  const remove = useBackupsStore((s) => s.remove);
  const [error, setError] = useState<ApiError | null>(null);
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) safe.current?.focus();
  }, [confirming]);
  const made = when.format(file.createdAt);
  return (
    <>
      <tr className={confirming ? 'confirming' : undefined} data-file={file.file}>
        <td>
          <div>{made}</div>
          <div className="file">{file.file}</div>
        </td>
        <td>
          <span className="kind">{KIND_LABELS[file.kind]}</span>
        </td>
        <td className="num">{formatSize(file.size)}</td>
        <td className="actions">
          {!confirming && (
            <>
              <button type="button" className="btn small" disabled={busy !== null} onClick={() => onConfirm('restore')} aria-label={`Restore the backup of ${made}`}>
                <RotateCcw size={14} aria-hidden="true" /> Restore
              </button>{' '}
              <button type="button" className="btn small ghost danger" disabled={busy !== null} onClick={() => onConfirm('delete')} aria-label={`Delete the backup of ${made}`}>
                <Trash2 size={14} aria-hidden="true" />
              </button>
            </>
          )}
        </td>
      </tr>
      {(confirming || error) && (
        <tr className="confirming">
          <td colSpan={4}>
            {confirming && (
              <div
                className="confirm"
                role="alertdialog"
                aria-label={confirming === 'restore' ? `Restore the backup of ${made}?` : `Delete the backup of ${made}?`}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') {
                    e.stopPropagation();
                    onConfirm(null);
                  }
                }}
              >
                {confirming === 'restore' ? (
                  <>
                    <span>
                      Restore the book as it was on {made}? It is checked first; your current book is kept aside as a backup, so you can come back to it.
                    </span>
                    <button
                      type="button"
                      className="btn primary"
                      disabled={busy !== null}
                      onClick={() => {
                        setError(null);
                        void restore(file.file).then((failed) => {
                          onConfirm(null);
                          setError(failed);
                        });
                      }}
                    >
                      Restore this backup
                    </button>
                  </>
                ) : (
                  <>
                    <span>Delete this backup for good? The book itself is not touched.</span>
                    <button
                      type="button"
                      className="btn danger"
                      onClick={() => {
                        void remove(file.file).then((failed) => {
                          onConfirm(null);
                          setError(failed);
                        });
                      }}
                    >
                      Delete the backup
                    </button>
                  </>
                )}
                <button type="button" className="btn" ref={safe} onClick={() => onConfirm(null)}>
                  Cancel
                </button>
              </div>
            )}
            {error && (
              <div className="book-data-error" role="alert">
                {error.message}
              </div>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
