import { div } from './arith';
import { counts } from './settings';

/** An NPS answer as scoring sees it. */
export interface NpsAnswerInput {
  contactId: number;
  /** 0..10. */
  score: number;
  answeredAt: number;
  /** Breaks a tie between two answers at the same instant: the higher id is the later one. */
  id?: number;
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
    const later =
      !prev || a.answeredAt > prev.answeredAt || (a.answeredAt === prev.answeredAt && (a.id ?? 0) >= (prev.id ?? 0));
    if (later) latest.set(a.contactId, a);
  }
  return npsOfScores([...latest.values()].map((a) => a.score));
}
