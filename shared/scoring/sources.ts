import { sourceKey } from '../domain/text';
import { ratio, timeCost } from './contact';
import type { ScoringSettings } from './settings';

/** What a contact brings to its acquisition source's figures. */
export interface SourceContact {
  /** The contact's source as typed; compared after trim and toLowerCase. */
  source: string;
  invested: number;
  directReturn: number;
}

/** Time tied to no contact that names a source ("an hour posting on Instagram"), summed or one entry at a time. */
export interface SourceActivity {
  source: string;
  minutes: number;
}

/** One acquisition source's figures (scoring.md, "By acquisition source"). */
export interface SourceFigures {
  /** The compared form: trimmed and lower-cased. '' holds the contacts with no source. */
  source: string;
  /** How the source was first written, trimmed, for display. */
  label: string;
  contacts: number;
  /** Minutes of untied time entries naming this source. */
  untiedMinutes: number;
  /** Sum of invested_c plus div(untiedMinutes * H, 60). */
  invested: number;
  /** Sum of directReturn_c. */
  return: number;
  /** return / invested, null where invested <= 0. */
  ror: number | null;
}

interface SourceTotals {
  label: string;
  contacts: number;
  untiedMinutes: number;
  invested: number;
  return: number;
}

/**
 * The figures of every source, sorted by compared form. Untied time is summed per source first and
 * costed once: div(total minutes * H, 60), as scoring.md writes it. Untied time naming no source
 * belongs to no source.
 */
export function sourceFigures(
  contacts: readonly SourceContact[],
  untiedTime: readonly SourceActivity[],
  settings: Pick<ScoringSettings, 'hourlyRate'>,
): SourceFigures[] {
  const totals = new Map<string, SourceTotals>();
  const totalsFor = (raw: string): SourceTotals => {
    const key = sourceKey(raw);
    let t = totals.get(key);
    if (!t) {
      t = { label: raw.trim(), contacts: 0, untiedMinutes: 0, invested: 0, return: 0 };
      totals.set(key, t);
    }
    return t;
  };
  for (const c of contacts) {
    const t = totalsFor(c.source);
    t.contacts += 1;
    t.invested += c.invested;
    t.return += c.directReturn;
  }
  for (const a of untiedTime) {
    if (sourceKey(a.source) === '') continue;
    totalsFor(a.source).untiedMinutes += a.minutes;
  }
  const keys = [...totals.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return keys.map((source) => {
    const t = totals.get(source)!;
    const invested = t.invested + timeCost(t.untiedMinutes, settings.hourlyRate);
    return { source, label: t.label, contacts: t.contacts, untiedMinutes: t.untiedMinutes, invested, return: t.return, ror: ratio(t.return, invested) };
  });
}
