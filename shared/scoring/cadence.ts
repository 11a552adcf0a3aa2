import { daysSince } from './arith';

/** What the stay-in-touch check needs of a contact. */
export interface CadenceContact {
  /** N: every how many days to be in touch, or null for no cadence. */
  cadenceDays: number | null;
  /** The latest interaction dated at or before now, whatever the window; null with none. */
  lastInteractionAt: number | null;
  createdAt: number;
}

/** The latest instant at or before now, or null: picks lastInteractionAt from the interaction dates. */
export function latestAtOrBefore(instants: readonly number[], now: number): number | null {
  let latest: number | null = null;
  for (const t of instants) if (t <= now && (latest === null || t > latest)) latest = t;
  return latest;
}

/** The last touch: the latest interaction at or before now, else the contact's creation time. */
export function lastTouch(c: Pick<CadenceContact, 'lastInteractionAt' | 'createdAt'>): number {
  return c.lastInteractionAt ?? c.createdAt;
}

/** d = daysSince(last touch) - N when d > 0, else null (no cadence, or not overdue). */
export function cadenceOverdueDays(c: CadenceContact, now: number): number | null {
  if (c.cadenceDays === null) return null;
  const d = daysSince(lastTouch(c), now) - c.cadenceDays;
  return d > 0 ? d : null;
}
