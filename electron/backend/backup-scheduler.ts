import fs from 'node:fs';
import path from 'node:path';
import type { BackupFile } from '../../shared/contract/index';
import { applyRetention, backupsDir, dailyName, makeBackup, readSchedule, removePartials, type RetentionPlan } from '../db/backups';
import type { BookHolder } from '../db/book-holder';
import { StorageError } from '../db/storage-errors';

/** How often the scheduler looks whether today has its daily copy. */
export const BACKUP_CHECK_MS = 60 * 60 * 1000;
/** The first look comes a little after the start, so that opening the book and the first screens go first. */
export const BACKUP_FIRST_LOOK_MS = 60 * 1000;

export interface BackupSchedulerOptions {
  holder: Pick<BookHolder, 'db' | 'dataDir' | 'track' | 'whenAvailable' | 'whenChecked' | 'problem'>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** After a copy was made or removed. */
  onChange?: () => void;
  /** The wait before the first look (BACKUP_FIRST_LOOK_MS unless told). */
  firstLookMs?: number;
  log?: (message: string) => void;
  /** A look failed: what to tell the owner (the cause in words where it is the disk's). */
  onFailure?: (message: string) => void;
}

export interface BackupRun {
  /** 'off': automatic backups are turned off; 'done': today already had its copy; 'unusable': the book cannot be used. */
  skipped: 'off' | 'done' | 'unusable' | null;
  made: BackupFile | null;
  retention: RetentionPlan | null;
}

export interface BackupScheduler {
  /** Looks a minute from now, then every hour. */
  start(): void;
  /** One look: today's daily copy if it has none (local day), then retention. */
  runOnce(): Promise<BackupRun>;
  stop(): void;
  /** When the next look is planned (for tests), or null. */
  readonly nextRunAt: number | null;
}

/**
 * Automatic backups: a minute after the back end starts and every hour after, if automatic backups are on
 * and no daily copy exists for today, one is made with SQLite's online backup API; then retention
 * (electron/db/backups.ts) keeps the newest daily copies and one per ISO week. With automatic
 * backups off it does nothing at all, retention included. A failure is logged, told to the owner
 * (onFailure) and tried again at the next look.
 */
export function createBackupScheduler(options: BackupSchedulerOptions): BackupScheduler {
  const { holder } = options;
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const log = options.log ?? (() => {});
  let timer: unknown = null;
  let nextRunAt: number | null = null;
  let stopped = false;
  let started = false;
  let running: Promise<BackupRun> | null = null;

  const run = async (): Promise<BackupRun> => {
    await holder.whenChecked();
    await holder.whenAvailable();
    // A book that cannot be used is not copied, and retention leaves the good backups alone.
    if (holder.problem) return { skipped: 'unusable', made: null, retention: null };
    const schedule = readSchedule(holder.db);
    if (!schedule.auto) return { skipped: 'off', made: null, retention: null };
    const dir = backupsDir(holder.dataDir);
    removePartials(dir);
    const name = dailyName(now());
    let made: BackupFile | null = null;
    if (!fs.existsSync(path.join(dir, name))) made = await holder.track(makeBackup(holder.db, dir, name));
    const retention = applyRetention(dir, schedule);
    if (made || retention.delete.length > 0 || retention.rename.length > 0) options.onChange?.();
    return { skipped: made ? null : 'done', made, retention };
  };

  const runOnce = (): Promise<BackupRun> => {
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  };

  const plan = (ms: number) => {
    if (stopped) return;
    nextRunAt = now() + ms;
    timer = setTimer(() => {
      timer = null;
      void look();
    }, ms);
  };

  const look = async () => {
    try {
      await runOnce();
    } catch (err) {
      log(`backups: the automatic backup failed: ${err instanceof Error ? err.message : String(err)}`);
      options.onFailure?.(err instanceof StorageError ? err.message : 'Rapport will try again within the hour; "Back up now" in Your data says what went wrong.');
    }
    plan(BACKUP_CHECK_MS);
  };

  return {
    start() {
      if (stopped || started) return;
      started = true;
      plan(options.firstLookMs ?? BACKUP_FIRST_LOOK_MS);
    },
    runOnce,
    stop() {
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      nextRunAt = null;
    },
    get nextRunAt() {
      return nextRunAt;
    },
  };
}
