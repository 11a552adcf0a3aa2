import { directReturn, ratio, timeCost, type ContactSums, type ReturnSettings } from './contact';

/** The business's sums over every record that counts. */
export interface BusinessSums {
  /** All interactions and all time entries, time tied to no contact included. */
  minutes: number;
  /** All interaction costs. */
  costs: number;
  /** All revenue, refunds included. */
  revenue: number;
}

/** The business's figures (scoring.md, "The business"). */
export interface BusinessFigures {
  minutes: number;
  /** div(minutes * H, 60) + all interaction costs. */
  invested: number;
  /** div(all revenue * m, 100): referral credit is attribution, not new money. */
  return: number;
  /** return / invested, null where invested <= 0. */
  ror: number | null;
}

/** The business sums from the contacts' sums plus the minutes of time tied to no contact. */
export function businessSums(contacts: readonly ContactSums[], untiedMinutes: number): BusinessSums {
  let minutes = untiedMinutes;
  let costs = 0;
  let revenue = 0;
  for (const c of contacts) {
    minutes += c.minutes;
    costs += c.costs;
    revenue += c.revenue;
  }
  return { minutes, costs, revenue };
}

/** The business figures. Time is costed once on the total, not summed from rounded contact figures. */
export function businessFigures(sums: BusinessSums, settings: Pick<ReturnSettings, 'hourlyRate' | 'grossMarginPct'>): BusinessFigures {
  const invested = timeCost(sums.minutes, settings.hourlyRate) + sums.costs;
  const ret = directReturn(sums.revenue, settings.grossMarginPct);
  return { minutes: sums.minutes, invested, return: ret, ror: ratio(ret, invested) };
}

