import { CalendarClock, Gift, Hourglass, Repeat, TrendingUp } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import type { ContactInsight } from '../../shared/contract/index';
import { DAY, QUADRANT_LABELS, RFM_SEGMENT_LABELS, type Quadrant, type RfmSegment, type TodayReason } from '../../shared/scoring/index';
import { api } from '../api/client';
import { useBookLocale, useBookMoney, type BookMoney } from '../format';
import { useSettingsStore } from '../store/settings-store';
import { formatMinutes } from '../store/timer-store';
import { changesFigures, useTodayStore } from '../store/today-store';
import './contact-figures-panel.css';

export const SEGMENT_HINTS: Record<RfmSegment, string> = {
  top: 'Buys recently, often and a lot: among your best customers',
  frequent: 'Buys often',
  atRisk: 'Used to buy often, but not lately',
  new: 'A first purchase, and a recent one',
  lapsed: 'Has not bought in a while',
  regular: 'Buys now and then',
};

export const QUADRANT_HINTS: Record<Quadrant, string> = {
  champions: 'Buys a lot and sends you others: look after them',
  affluents: 'Buys a lot but sends few others: a good one to ask for a referral',
  advocates: 'Sends you more through referrals than they buy: thank them',
  misers: 'Buys a little and sends few others, so far',
};

const NPS_LABELS = { promoter: 'promoter', passive: 'passive', detractor: 'detractor' } as const;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
const daysAgo = (days: number) => (days <= 0 ? 'today' : days === 1 ? 'yesterday' : `${days.toLocaleString()} days ago`);
/** ROR and the like: two decimals, in the book's locale. */
export const formatRatio = (value: number, locale: string): string => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);

/** "euro" for EUR (a one-word name in lower case), else the currency's name as it is ("US Dollar"). */
function currencyWord(currency: string | null): string {
  if (!currency) return 'unit of money';
  try {
    const name = new Intl.DisplayNames('en', { type: 'currency' }).of(currency) ?? currency;
    return name.includes(' ') ? name : name.toLowerCase();
  } catch {
    return currency;
  }
}

/** The words of a contact's figures: what the panel shows and what its hovers explain. */
export function figureTexts(insight: ContactInsight, money: BookMoney, locale: string, settings: { hourlyRate: number; grossMarginPct: number; referralSharePct: number } | null) {
  const f = insight.figures;
  const dash = '—';
  const rate = settings ? money.format(settings.hourlyRate) : null;
  return {
    invested: {
      label: 'Invested',
      value: money.format(f.invested),
      hint: `Your time (${formatMinutes(f.minutes)}${rate ? ` at ${rate} an hour` : ''} = ${money.format(f.timeCost)}) plus what you spent on them (${money.format(f.costs)})`,
    },
    directReturn: {
      label: 'Direct return',
      value: money.format(f.directReturn),
      hint: `What they bought (${money.format(f.revenue)}, refunds taken off)${settings ? `, counted at your ${settings.grossMarginPct} % gross margin` : ''}`,
    },
    referralReturn: {
      label: 'Referral return',
      value: money.format(f.referralReturn),
      hint: `Credit for the customers they sent you${settings ? `: ${settings.referralSharePct} % of what each brought, and of what the people those sent brought, down the chain` : ''}`,
    },
    totalReturn: { label: 'Total return', value: money.format(f.totalReturn), hint: 'Direct return plus referral return' },
    net: { label: 'Net', value: money.format(f.net), hint: 'Total return minus what you invested' },
    ror: {
      label: 'Return on relationship',
      value: f.ror === null ? dash : formatRatio(f.ror, locale),
      hint:
        f.ror === null
          ? 'Nothing invested in them yet (no time, no costs): there is nothing to divide by'
          : `Every hour and ${currencyWord(money.currency)} you put in came back ${formatRatio(f.ror, locale)} times`,
    },
    returnPerHour: {
      label: 'Return per hour',
      value: f.returnPerHour === null ? dash : money.format(Math.round(f.returnPerHour)),
      hint: f.returnPerHour === null ? 'No time spent on them yet' : `Each hour you spent with them brought back ${money.format(Math.round(f.returnPerHour))}`,
    },
    hours: { label: 'Time spent', value: f.minutes === 0 ? '0 min' : formatMinutes(f.minutes), hint: 'Minutes of their interactions plus the time entries on them' },
  };
}

export function lapsingText(insight: ContactInsight): string {
  const l = insight.lapsing;
  if (!l) return insight.positivePurchases === 0 ? 'No purchases yet' : 'One purchase so far: no buying rhythm yet';
  const usually = Math.max(Math.round(l.meanGapDays), 1);
  return `Usually buys every ${usually === 1 ? 'day' : `${usually} days`}, last ${daysAgo(l.daysSinceLast)} — ${l.lapsing ? 'lapsing' : 'on track'}`;
}

export function cadenceText(insight: ContactInsight, locale: string, now: number): string {
  const c = insight.cadence;
  if (!c) return 'No stay-in-touch rhythm set';
  const ago = Math.floor((now - c.lastTouchAt) / DAY);
  const every = c.everyDays === 1 ? 'Every day' : `Every ${c.everyDays} days`;
  const next = c.overdueDays > 0 ? `overdue by ${plural(c.overdueDays, 'day', 'days')}` : `next due ${new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(c.nextDueAt)}`;
  return `${every}; last touch ${daysAgo(ago)}; ${next}`;
}

function Pips({ letter, name, score }: { letter: string; name: string; score: number }) {
  return (
    <span className="cfp-pips" role="img" aria-label={`${name} ${score} of 5`} title={`${name}: ${score} of 5`}>
      <span className="cfp-pips-letter" aria-hidden="true">
        {letter}
      </span>
      {[1, 2, 3, 4, 5].map((n) => (
        <span key={n} className={`cfp-pip${n <= score ? ' on' : ''}`} aria-hidden="true" />
      ))}
    </span>
  );
}

const REASON_ICONS: Record<TodayReason['kind'], React.ReactNode> = {
  followUp: <CalendarClock size={13} aria-hidden="true" />,
  thankReferral: <Gift size={13} aria-hidden="true" />,
  lapsing: <Hourglass size={13} aria-hidden="true" />,
  cadence: <Repeat size={13} aria-hidden="true" />,
};

function FigureTile({ name, label, value, hint, tone }: { name: string; label: string; value: string; hint: string; tone?: 'good' | 'bad' | undefined }) {
  return (
    <div className={`cfp-tile${tone ? ` ${tone}` : ''}`} data-figure={name} title={hint}>
      <dt>{label}</dt>
      <dd className="num">{value}</dd>
    </div>
  );
}

/** On a live contact's page: what they cost and brought, and where they stand. */
export function ContactFiguresPanel({ contactId }: { contactId: number }) {
  const state = useTodayStore((s) => (s.contact?.id === contactId ? s.contact : null));
  const loadContact = useTodayStore((s) => s.loadContact);
  const scheduleContactLoad = useTodayStore((s) => s.scheduleContactLoad);
  const closeContact = useTodayStore((s) => s.closeContact);
  const settings = useSettingsStore((s) => s.settings);
  const money = useBookMoney();
  const locale = useBookLocale();

  useEffect(() => {
    void loadContact(contactId);
    const off = api().on('changed', (e) => {
      if (changesFigures(e.area)) scheduleContactLoad();
    });
    return () => {
      off();
      closeContact(contactId);
    };
  }, [contactId, loadContact, scheduleContactLoad, closeContact]);

  const insight = state?.insight ?? null;
  const texts = useMemo(() => (insight ? figureTexts(insight, money, locale, settings) : null), [insight, money, locale, settings]);

  if (!insight || !texts) {
    return (
      <section className="cfp" aria-label="Figures" aria-busy={state?.error ? undefined : 'true'}>
        {state?.error && (
          <p className="form-error" role="alert">
            Could not read the figures: {state.error.message}
          </p>
        )}
      </section>
    );
  }

  const f = insight.figures;
  const rfm = insight.rfm;
  return (
    <section className="cfp" aria-labelledby="figures-heading">
      <h3 id="figures-heading">
        <TrendingUp size={14} aria-hidden="true" /> Return on this relationship
        {insight.windowDays !== null && <span className="cfp-window">over the last {plural(insight.windowDays, 'day', 'days')}</span>}
      </h3>
      <dl className="cfp-grid">
        <FigureTile name="invested" {...texts.invested} />
        <FigureTile name="directReturn" {...texts.directReturn} />
        <FigureTile name="referralReturn" {...texts.referralReturn} />
        <FigureTile name="totalReturn" {...texts.totalReturn} />
        <FigureTile name="net" {...texts.net} tone={f.net > 0 ? 'good' : f.net < 0 ? 'bad' : undefined} />
        <FigureTile name="ror" {...texts.ror} tone={f.ror !== null ? (f.ror >= 1 ? 'good' : 'bad') : undefined} />
        <FigureTile name="returnPerHour" {...texts.returnPerHour} />
        <FigureTile name="hours" {...texts.hours} />
      </dl>
      <dl className="cfp-standing">
        <div data-figure="segment" title={rfm ? `Recency, frequency and spend, each scored 1 to 5 among your ${plural(rfm.buyers, 'buying customer', 'buying customers')} (5 is best). ${SEGMENT_HINTS[rfm.segment]}.` : 'RFM scores need at least one purchase'}>
          <dt>Customer segment</dt>
          <dd>
            {rfm ? (
              <>
                <span className={`badge segment segment-${rfm.segment}`}>{RFM_SEGMENT_LABELS[rfm.segment]}</span>
                <Pips letter="R" name="Recency" score={rfm.r} />
                <Pips letter="F" name="Frequency" score={rfm.f} />
                <Pips letter="M" name="Money" score={rfm.m} />
              </>
            ) : (
              <span className="muted segment-none">No purchases yet</span>
            )}
          </dd>
        </div>
        <div data-figure="quadrant" title="What they buy against what they bring through referrals, each compared with the middle of your customers (after Kumar's customer referral value)">
          <dt>Value</dt>
          <dd>
            {insight.quadrant ? (
              <>
                <span className={`badge quadrant quadrant-${insight.quadrant}`}>{QUADRANT_LABELS[insight.quadrant]}</span>
                <span className="muted">{QUADRANT_HINTS[insight.quadrant]}</span>
              </>
            ) : (
              <span className="muted">No purchase and no referral yet</span>
            )}
          </dd>
        </div>
        <div data-figure="nps" title="Their latest answer to “how likely are you to recommend us?”: 9–10 a promoter, 7–8 passive, 0–6 a detractor">
          <dt>NPS</dt>
          <dd>
            {insight.nps ? (
              <>
                <span className={`nps-score ${insight.nps.category}`}>{insight.nps.score}</span>
                <span>{NPS_LABELS[insight.nps.category]}</span>
                <span className="muted">answered {new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(insight.nps.answeredAt)}</span>
              </>
            ) : (
              <span className="muted">No answer yet</span>
            )}
          </dd>
        </div>
        <div data-figure="lapsing" title="Lapsing: more than twice their usual gap between purchases (and at least 14 days) since they last bought">
          <dt>Buying rhythm</dt>
          <dd className={insight.lapsing?.lapsing ? 'warn' : undefined}>{lapsingText(insight)}</dd>
        </div>
        <div data-figure="cadence" title="The stay-in-touch rhythm you set on them: any interaction restarts the count">
          <dt>Stay in touch</dt>
          <dd className={insight.cadence && insight.cadence.overdueDays > 0 ? 'warn' : undefined}>{cadenceText(insight, locale, state?.readAt ?? insight.asOf)}</dd>
        </div>
        {insight.today && (
          <div data-figure="today" title="Why they are on Today's list">
            <dt>On Today</dt>
            <dd>
              <ul className="cfp-reasons">
                {insight.today.reasons.map((r, i) => (
                  <li key={`${r.kind}-${i}`}>
                    {REASON_ICONS[r.kind]}
                    <span>{r.text}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
