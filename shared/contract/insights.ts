import { z } from 'zod';
import type { BusinessFigures, ContactFigures, NpsFigures, Quadrant, RfmSegment, TodayEntry } from '../scoring/index';
import { idSchema } from './contacts';

export const todaySchema = z
  .object({ limit: z.number().int().min(1).max(500, 'At most 500 at a time').default(50) })
  .strict();

/** A Today entry with what the screen shows beside the name. */
export interface TodayItem extends TodayEntry {
  stage: string;
  kind: 'person' | 'business';
}

export interface TodayView {
  /** The instant this read was computed for (its now): records dated up to it count. */
  asOf: number;
  /** How many contacts have a reason today; `items` holds the first `limit` of them. */
  total: number;
  items: TodayItem[];
}

/** Everything the contact page shows of a contact's figures. */
export interface ContactInsight {
  contactId: number;
  /** The instant this read was computed for (its now): records dated up to it count. */
  asOf: number;
  windowDays: number | null;
  figures: ContactFigures;
  /** RFM among buying customers; null when the contact has no positive purchase that counts. */
  rfm: { r: number; f: number; m: number; segment: RfmSegment; buyers: number } | null;
  positivePurchases: number;
  lastPurchaseAt: number | null;
  quadrant: Quadrant | null;
  /** The latest NPS answer that counts. */
  nps: { score: number; answeredAt: number; category: 'promoter' | 'passive' | 'detractor' } | null;
  /** Null with fewer than two positive purchases. */
  lapsing: { lapsing: boolean; daysSinceLast: number; meanGapDays: number } | null;
  /** Null without a cadence. */
  cadence: { everyDays: number; lastTouchAt: number; nextDueAt: number; overdueDays: number } | null;
  /** Its entry on Today, when it has a reason to be there. */
  today: TodayEntry | null;
}

/** Every contact with time or return on the return-against-hours scatter, as columns (light at 100,000 points). */
export interface ScatterColumns {
  ids: number[];
  minutes: number[];
  totalReturn: number[];
  invested: number[];
  /** 1 a star, 2 a time sink, 0 neither (shared/scoring/stars.ts). */
  marks: number[];
}

/**
 * How stars and time sinks were picked, in numbers the legend puts in words. Among the contacts
 * with time, the top quarter by a key is the ceil(n / 4) highest and everyone tied with the lowest
 * of them. Stars: ROR >= 1 and in the top quarter by return per hour. Time sinks: ROR < 1 and in
 * the top quarter by hours.
 */
export interface StarRules {
  /** Contacts with time (minutes > 0). */
  withTime: number;
  /** Minor units an hour; null with no time. */
  starMinReturnPerHour: number | null;
  sinkMinMinutes: number | null;
  stars: number;
  sinks: number;
}

/** A contact named on the scatter's side lists. */
export interface ScatterHighlight {
  id: number;
  name: string;
  minutes: number;
  totalReturn: number;
  invested: number;
}

export interface MonthFigures {
  /** The local calendar month, YYYY-MM. */
  month: string;
  /** Local midnight on its first day. */
  start: number;
  minutes: number;
  costs: number;
  revenue: number;
  /** div(revenue * m, 100). */
  return: number;
  /** div(minutes * H, 60) + costs. */
  invested: number;
  ror: number | null;
}

export interface SourceInsight {
  /** The compared form (trimmed, lower-cased); '' for contacts with no source. */
  source: string;
  /** How it was first written, for display. */
  label: string;
  contacts: number;
  /** Minutes of untied time entries naming it. */
  untiedMinutes: number;
  invested: number;
  return: number;
  ror: number | null;
}

export interface ReferralEngine {
  /** Referrals with both ends live, by status. */
  total: number;
  converted: number;
  pending: number;
  lost: number;
  /** converted / (converted + lost), null when none is decided. */
  conversionRate: number | null;
  /** Share of buying customers who came through a converted referral; null with no buyers. */
  referralRate: number | null;
  /** Trees of converted referrals with at least one link; the longest counts links. */
  chains: number;
  longestChain: number;
  /** Contacts who came through a converted referral, and those of them who buy. */
  referredContacts: number;
  referredCustomers: number;
  /** Mean total return of buying customers who were referred, against those who were not (div, minor units). */
  meanReturnReferred: number | null;
  meanReturnOthers: number | null;
  /** Contacts with converted referrals, by referral return, then by how many they brought. */
  topAdvocates: { id: number; name: string; referred: number; referralReturn: number }[];
}

export interface InsightsView {
  /** The instant this read was computed for (its now): records dated up to it count. */
  asOf: number;
  windowDays: number | null;
  /** The first instant that counts: the local midnight windowDays days before today's; null for all time. */
  windowStart: number | null;
  business: BusinessFigures & { costs: number; revenue: number; contacts: number; buyers: number };
  scatter: ScatterColumns & StarRules;
  /** The five best stars by return per hour, and the five biggest time sinks by hours. */
  highlights: { stars: ScatterHighlight[]; sinks: ScatterHighlight[] };
  /** Local calendar months, oldest first, inside the window (all time: from the first record). */
  byMonth: MonthFigures[];
  /** Every source with contacts or untied time, by invested, highest first. */
  bySource: SourceInsight[];
  /** Every RFM segment, in scoring.md's order, with its count of buying customers. */
  segments: { segment: RfmSegment; count: number; revenue: number }[];
  /** Every value quadrant with its count, and the medians it compares with. */
  quadrants: { quadrant: Quadrant; count: number }[];
  quadrantMedians: { buying: number | null; referring: number | null };
  nps: NpsFigures;
  referrals: ReferralEngine;
}

export const insightsSchema = z.object({}).strict();
export const contactInsightSchema = z.object({ id: idSchema }).strict();
