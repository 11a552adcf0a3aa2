import type { BackendEvent, EventMap, EventName } from '../../shared/contract/index';
import type { WritableDB } from '../db/connection';

/** What every handler gets besides its input. */
export interface ApiContext {
  db: WritableDB;
  /** The back end's clock: tests pass a fixed one. */
  now(): number;
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
  /** Called after a write of an area commits (the reminder scheduler looks again after follow-up writes). */
  afterWrite?: (area: string) => void;
  info: { version: string; mode: 'desktop' | 'browser'; dataDir: string; databaseFile: string };
}

export type EventSink = (event: BackendEvent) => void;
