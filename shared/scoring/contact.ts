import { mulDiv } from './arith';
import type { ScoringSettings } from './settings';

/** A contact's sums over the records that count (the back end gets them from SQL). */
export interface ContactSums {
  id: number;
  /** minutes_c: c's interactions plus time entries tied to c. */
  minutes: number;
  /** costs_c: the costs of c's interactions. */
  costs: number;
  /** revenue_c: c's purchases, refunds included. */
  revenue: number;
}

/** A converted referral: referrerId brought referredId. */
export interface ConvertedReferral {
  referrerId: number;
  referredId: number;
}

/** Every per-contact figure of scoring.md, in minor units except the two ratios. */
export interface ContactFigures {
  id: number;
  minutes: number;
  costs: number;
  revenue: number;
  timeCost: number;
  invested: number;
  directReturn: number;
  referralReturn: number;
  totalReturn: number;
  net: number;
  /** totalReturn / invested, null where invested <= 0. */
  ror: number | null;
  /** Minor units per hour: totalReturn * 60 / minutes, null where minutes = 0. */
  returnPerHour: number | null;
}

export type ReturnSettings = Pick<ScoringSettings, 'hourlyRate' | 'grossMarginPct' | 'referralSharePct'>;

/** timeCost_c = div(minutes * H, 60). */
export function timeCost(minutes: number, hourlyRate: number): number {
  return mulDiv(minutes, hourlyRate, 60);
}

/** directReturn_c = div(revenue * m, 100). */
export function directReturn(revenue: number, grossMarginPct: number): number {
  return mulDiv(revenue, grossMarginPct, 100);
}

/** What a referrer is credited for one converted referral: div(a * totalReturn_k, 100). */
export function referralCredit(referredTotalReturn: number, referralSharePct: number): number {
  return mulDiv(referralSharePct, referredTotalReturn, 100);
}

/** A ratio of two integers, null where the divisor is not positive. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** Thrown when the converted referrals close a loop: the forest scoring.md relies on is broken. */
export class ReferralLoopError extends Error {
  constructor(readonly contactIds: number[]) {
    super(`These referrals close a loop: contacts ${contactIds.slice(0, 10).join(', ')}${contactIds.length > 10 ? '…' : ''}`);
    this.name = 'ReferralLoopError';
  }
}

/**
 * The figures of every contact, in the order given. Referrals naming a contact that is not in the
 * list (in the trash) are ignored. The referral credit is computed bottom-up without recursion, so a
 * chain of any length is fine; a loop throws ReferralLoopError.
 */
export function contactFigures(
  contacts: readonly ContactSums[],
  referrals: readonly ConvertedReferral[],
  settings: ReturnSettings,
): ContactFigures[] {
  const n = contacts.length;
  const indexOf = new Map<number, number>();
  contacts.forEach((c, i) => {
    if (indexOf.has(c.id)) throw new Error(`Contact ${c.id} is listed twice`);
    indexOf.set(c.id, i);
  });

  const direct = contacts.map((c) => directReturn(c.revenue, settings.grossMarginPct));
  const referral: number[] = new Array<number>(n).fill(0);

  // Children (whom each contact referred) and parents (who referred each contact), deduplicated.
  const children: number[][] = Array.from({ length: n }, () => []);
  const parents: number[][] = Array.from({ length: n }, () => []);
  const seen = new Set<string>();
  for (const r of referrals) {
    const from = indexOf.get(r.referrerId);
    const to = indexOf.get(r.referredId);
    if (from === undefined || to === undefined) continue;
    const key = `${from}>${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    children[from]!.push(to);
    parents[to]!.push(from);
  }

  // Post-order by counting down: a contact is ready once everyone it referred is done.
  const pending = children.map((list) => list.length);
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) ready.push(i);
  let done = 0;
  while (ready.length > 0) {
    const i = ready.pop()!;
    done += 1;
    let credit = 0;
    for (const k of children[i]!) credit += referralCredit(direct[k]! + referral[k]!, settings.referralSharePct);
    referral[i] = credit;
    for (const p of parents[i]!) {
      pending[p]! -= 1;
      if (pending[p] === 0) ready.push(p);
    }
  }
  if (done < n) {
    const stuck: number[] = [];
    for (let i = 0; i < n; i++) if (pending[i]! > 0) stuck.push(contacts[i]!.id);
    throw new ReferralLoopError(stuck);
  }

  return contacts.map((c, i) => oneContactFigures(c, referral[i]!, settings));
}

/** The figures of one contact given its referral return (0 when it referred nobody who counts). */
export function oneContactFigures(c: ContactSums, referralReturn: number, settings: ReturnSettings): ContactFigures {
  const cost = timeCost(c.minutes, settings.hourlyRate);
  const invested = cost + c.costs;
  const d = directReturn(c.revenue, settings.grossMarginPct);
  const totalReturn = d + referralReturn;
  return {
    id: c.id,
    minutes: c.minutes,
    costs: c.costs,
    revenue: c.revenue,
    timeCost: cost,
    invested,
    directReturn: d,
    referralReturn,
    totalReturn,
    net: totalReturn - invested,
    ror: ratio(totalReturn, invested),
    returnPerHour: c.minutes === 0 ? null : (totalReturn * 60) / c.minutes,
  };
}
