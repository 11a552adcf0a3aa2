import { div } from './arith';
import { counts } from './settings';

/** An NPS answer as scoring sees it. */
export interface NpsAnswerInput {
  contactId: number;
  /** 0..10. */
  score: number;
  answeredAt: number;
  /**
   * The answer's id in the book. Of two answers of a contact at the same instant, the one recorded
   * last counts (scoring.md), and that is the one with the higher id: SQLite gives a new row an id
   * above every id its table holds; restoring an answer from the trash keeps its row and id (it
   * takes back a deletion, it does not record the answer again); a JSON import and a backup's
   * restore write every row with its id, so the order survives them. Not created_at: it comes from
   * the clock, which can give two answers the same millisecond or go back. Not updated_at: editing
   * an answer (its note, or its date moved onto another's) corrects it, it does not record it again.
   */
  id: number;
}

export interface NpsFigures {
  /** Contacts whose latest answer that counts is 9 or 10. */
  promoters: number;
  /** 7 or 8. */
  passives: number;
  /** 0 to 6. */
  detractors: number;
  /** Contacts with an answer that counts. */
  answers: number;
  /** div(100 * (promoters - detractors), answers), null with no answers. */
  nps: number | null;
}

/** NPS from each contact's latest score: div(100 * (promoters - detractors), answers). */
export function npsOfScores(latestScores: readonly number[]): NpsFigures {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const s of latestScores) {
    if (s >= 9) promoters += 1;
    else if (s >= 7) passives += 1;
    else detractors += 1;
  }
  const answers = latestScores.length;
  return { promoters, passives, detractors, answers, nps: answers === 0 ? null : div(100 * (promoters - detractors), answers) };
}

/** NPS over each contact's latest answer that counts (at or before now, inside the window). */
export function npsFigures(answers: readonly NpsAnswerInput[], now: number, windowDays: number | null): NpsFigures {
  const latest = new Map<number, NpsAnswerInput>();
  for (const a of answers) {
    if (!counts(a.answeredAt, now, windowDays)) continue;
    const prev = latest.get(a.contactId);
    // Latest by instant, then the one recorded last (the higher id), whatever order they come in.
    const later = !prev || a.answeredAt > prev.answeredAt || (a.answeredAt === prev.answeredAt && a.id > prev.id);
    if (later) latest.set(a.contactId, a);
  }
  return npsOfScores([...latest.values()].map((a) => a.score));
}
