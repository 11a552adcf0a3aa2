import { DatabaseBackup, FilePlus2, ShieldAlert, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ApiError, BackupFile, UnusableBook } from '../../shared/contract/index';
import { TaskProgress } from '../components/progress-bar';
import { useBookStore } from '../store/book-store';

/** Before the book is open there are no settings yet: dates follow the system's locale. */
const when = (ms: number) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
const count = (n: number) => new Intl.NumberFormat().format(n);

const TITLES: Record<UnusableBook['code'], string> = {
  damaged: 'Your book is damaged',
  foreign_schema: 'Your book holds something Rapport did not put there',
  not_a_book: 'The book file is not a Rapport book',
};

/**
 * Shown instead of the app when the book in the data folder cannot be used. Nothing is written to
 * that file: the owner picks a backup (the newest one that passes its check is offered first) or a
 * new, empty book, and the unusable file is kept in the backups folder either way.
 */
export function BookRecovery({ problem }: { problem: UnusableBook }) {
  const status = useBookStore((s) => s.status);
  const checked = useBookStore((s) => s.checked);
  const busy = useBookStore((s) => s.busy);
  const checkBackups = useBookStore((s) => s.checkBackups);
  const recover = useBookStore((s) => s.recover);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const backups = status?.backups ?? [];

  useEffect(() => {
    heading.current?.focus();
    if (backups.length > 0) void checkBackups();
    // Once, when the screen opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run = async (file: string | null) => {
    setError(null);
    const failed = await recover(file);
    if (failed) setError(failed);
  };

  const refused = new Map((checked?.checked ?? []).filter((c) => c.refused !== null).map((c) => [c.file, c.refused]));
  const good = checked?.good ?? null;
  const others = backups.filter((b) => b.file !== good?.file);

  return (
    <main className="page recovery" aria-labelledby="recovery-title">
      <div className="card recovery-card">
        <div className="recovery-head">
          <span className="recovery-icon" aria-hidden="true">
            <ShieldAlert size={22} />
          </span>
          <h1 id="recovery-title" ref={heading} tabIndex={-1}>
            {TITLES[problem.code]}
          </h1>
        </div>
        <p>{problem.message}</p>
        <p className="muted">
          Rapport has not written anything to it and will not: whatever you choose below, the file is kept in the backups folder, so nothing in it is lost.
        </p>
        <details>
          <summary>What SQLite found</summary>
          <p className="mono">{problem.detail}</p>
          <p className="muted">The file: {problem.file}</p>
        </details>
      </div>

      <section className="card recovery-card" aria-labelledby="recovery-backups">
        <h2 id="recovery-backups">Go back to a backup</h2>
        {backups.length === 0 ? (
          <p className="muted">There are no backups in {status?.backupsDir ?? 'the backups folder'}. If you keep copies elsewhere, put one in that folder and reload this page.</p>
        ) : busy === 'checking' || checked === null ? (
          <>
            <p className="muted">Checking your backups, newest first, as a restore would…</p>
            <TaskProgress task="check-backups" label="Checking your backups" />
          </>
        ) : good ? (
          <div className="recovery-good">
            <p>
              The newest backup that passes its check is <strong>{good.file}</strong>, made {when(good.createdAt)}
              {good.contacts !== null ? `, with ${count(good.contacts)} ${good.contacts === 1 ? 'contact' : 'contacts'}` : ''}. What you recorded after it is not in it.
            </p>
            <div>
              <button type="button" className="btn primary" disabled={busy !== null} onClick={() => void run(good.file)}>
                <DatabaseBackup size={16} aria-hidden="true" /> Restore this backup
              </button>
            </div>
          </div>
        ) : (
          <p role="alert">None of your backups passes its check. You can still start a new, empty book below; the damaged file and every backup stay where they are.</p>
        )}
        {checked && refused.size > 0 && (
          <ul className="recovery-refused">
            {[...refused].map(([file, why]) => (
              <li key={file}>
                <strong>{file}</strong>: {why}
              </li>
            ))}
          </ul>
        )}
        {others.length > 0 && checked !== null && (
          <details>
            <summary>Other backups ({others.length})</summary>
            <ul className="recovery-list">
              {others.map((b: BackupFile) => (
                <li key={b.file}>
                  <span>
                    {b.file} <span className="muted">· {when(b.createdAt)}</span>
                  </span>
                  <button type="button" className="btn small" disabled={busy !== null} onClick={() => void run(b.file)} aria-label={`Restore ${b.file}`}>
                    Restore
                  </button>
                </li>
              ))}
            </ul>
          </details>
        )}
        <TaskProgress task="recover" label="Putting the backup in place" />
        {error && (
          <p className="field-error" role="alert">
            {error.message}
          </p>
        )}
      </section>

      <section className="card recovery-card" aria-labelledby="recovery-empty">
        <h2 id="recovery-empty">Or start a new, empty book</h2>
        <p className="muted">For when no backup will do. The unusable file is kept in the backups folder, for whoever may help you recover what is in it.</p>
        {confirmEmpty ? (
          <div className="recovery-confirm" role="group" aria-label="Confirm a new, empty book">
            <span>Start with an empty book?</span>
            <button type="button" className="btn danger" disabled={busy !== null} onClick={() => void run(null)}>
              <FilePlus2 size={16} aria-hidden="true" /> Yes, start empty
            </button>
            <button type="button" className="btn ghost" onClick={() => setConfirmEmpty(false)}>
              <X size={16} aria-hidden="true" /> Cancel
            </button>
          </div>
        ) : (
          <div>
            <button type="button" className="btn" disabled={busy !== null} onClick={() => setConfirmEmpty(true)}>
              <FilePlus2 size={16} aria-hidden="true" /> Start a new, empty book…
            </button>
          </div>
        )}
      </section>
    </main>
  );
}

/** What a crash during a restore or an import left behind, said once at the top of the app. */
export function BookNoticeBanner() {
  const notice = useBookStore((s) => s.notice);
  const dismiss = useBookStore((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className={`notice-banner ${notice.outcome === 'finished' ? 'good' : 'warn'}`} role="status">
      <span>{notice.message}</span>
      <button type="button" className="btn ghost small" onClick={dismiss}>
        Got it
      </button>
    </div>
  );
}
