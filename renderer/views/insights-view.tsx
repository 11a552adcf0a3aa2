import { ChartScatter, Info, RefreshCw, Settings as SettingsIcon, Star, Timer, UserPlus } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { InsightsView as Insights, MonthFigures, ScatterHighlight, SourceInsight } from '../../shared/contract/index';
import { currencyExponent } from '../../shared/domain/money';
import { QUADRANT_LABELS, RFM_SEGMENT_LABELS, ratio, type Quadrant, type RfmSegment } from '../../shared/scoring/index';
import { MARK_SINK, MARK_STAR } from '../../shared/scoring/stars';
import { api } from '../api/client';
import { useChartTheme, type ChartTheme } from '../components/charts/chart-theme';
import { MonthChart } from '../components/charts/month-chart';
import { ReturnScatter, type HoveredPoint } from '../components/charts/return-scatter';
import { EmptyState } from '../components/empty-state';
import { useBookLocale, useBookMoney } from '../format';
import { changesInsights, insightsSelectors, useInsightsStore } from '../store/insights-store';
import { useUiStore } from '../store/ui-store';
import { SampleButtons } from './sample-card';
import './insights.css';

// --- words and numbers ---------------------------------------------------------------------------

/** What one unit of the book's currency is called in a sentence ("every hour and euro"). */
const CURRENCY_WORDS: Record<string, string> = {
  EUR: 'euro',
  USD: 'dollar',
  CAD: 'dollar',
  AUD: 'dollar',
  NZD: 'dollar',
  GBP: 'pound',
  JPY: 'yen',
  CHF: 'franc',
  SEK: 'krona',
  NOK: 'krone',
  DKK: 'krone',
  INR: 'rupee',
  BRL: 'real',
  MXN: 'peso',
};

const ror2 = (r: number) => r.toFixed(2);
const pct = (x: number, digits = 0) => `${(x * 100).toFixed(digits)} %`;

function useNumbers() {
  const money = useBookMoney();
  const locale = useBookLocale();
  return useMemo(() => {
    const exponent = money.currency ? currencyExponent(money.currency) : 2;
    const count = new Intl.NumberFormat(locale);
    const hours = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    const compact = money.currency
      ? new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency, notation: 'compact', maximumFractionDigits: 1 })
      : new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
    return {
      money,
      exponent,
      minorPerMajor: 10 ** exponent,
      count: (n: number) => count.format(n),
      hours: (minutes: number) => `${hours.format(minutes / 60)} h`,
      axisMoney: (major: number) => compact.format(major),
      unitWord: money.currency ? (CURRENCY_WORDS[money.currency] ?? money.currency) : 'unit of money',
    };
  }, [money, locale]);
}
type Numbers = ReturnType<typeof useNumbers>;

function windowWords(view: Insights, locale: string): string {
  if (view.windowDays === null || view.windowStart === null) return 'All time';
  const since = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(view.windowStart);
  return `The last ${view.windowDays} days, since ${since}`;
}

// --- frame ---------------------------------------------------------------------------------------

function Card({ id, title, hint, chart, actions, children }: { id: string; title: string; hint?: ReactNode; chart: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="ins-card" aria-labelledby={id} data-chart={chart}>
      <header className="ins-card-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      {hint && <p className="ins-hint">{hint}</p>}
      {children}
    </section>
  );
}

function NoData({ children }: { children: ReactNode }) {
  return (
    <p className="ins-nodata" role="status">
      <Info size={15} aria-hidden="true" /> {children}
    </p>
  );
}

// --- the headline --------------------------------------------------------------------------------

function Headline({ view, n, locale }: { view: Insights; n: Numbers; locale: string }) {
  const b = view.business;
  const explain =
    b.ror === null
      ? 'Record the time you spend and what customers buy, and this says what every hour and every ' + n.unitWord + ' you put in brings back.'
      : b.ror >= 1
        ? `Every hour and ${n.unitWord} you put in came back ${ror2(b.ror)} times.`
        : `Every hour and ${n.unitWord} you put in came back ${ror2(b.ror)} times: less than you put in, so far.`;
  const net = b.return - b.invested;
  return (
    <section className="ins-headline" aria-labelledby="ins-ror" data-chart="business">
      <div className="ins-ror" title={b.ror === null ? undefined : `ROR ${ror2(b.ror)}: every hour and ${n.unitWord} you put in came back ${ror2(b.ror)} times`}>
        <span className="ins-ror-label" id="ins-ror">
          Return on relationships
        </span>
        <span className={`ins-ror-value ${b.ror === null ? '' : b.ror >= 1 ? 'good' : 'warn'}`} data-testid="business-ror">
          {b.ror === null ? '—' : ror2(b.ror)}
        </span>
        <span className="ins-ror-explain">{explain}</span>
        <span className="ins-window">{windowWords(view, locale)}</span>
      </div>
      <dl className="ins-figures">
        <div title={`${n.hours(b.minutes)} of your time at your hourly rate, plus ${n.money.format(b.costs)} of costs (gifts, lunches, discounts)`}>
          <dt>Invested</dt>
          <dd className="num">{n.money.format(b.invested)}</dd>
          <dd className="ins-sub">
            {n.hours(b.minutes)} + {n.money.format(b.costs)} costs
          </dd>
        </div>
        <div title="What customers bought (refunds taken off), at your gross margin">
          <dt>Return</dt>
          <dd className="num">{n.money.format(b.return)}</dd>
          <dd className="ins-sub">{n.count(b.buyers)} buying customers</dd>
        </div>
        <div title="Return less invested">
          <dt>Net</dt>
          <dd className={`num ${net < 0 ? 'bad' : ''}`}>{n.money.format(net)}</dd>
          <dd className="ins-sub">{n.count(b.contacts)} contacts</dd>
        </div>
      </dl>
    </section>
  );
}

// --- return against hours ------------------------------------------------------------------------

function ScatterCard({ view, n, theme }: { view: Insights; n: Numbers; theme: ChartTheme | null }) {
  const s = view.scatter;
  const logScale = useInsightsStore((st) => st.logScale);
  const setLogScale = useInsightsStore((st) => st.setLogScale);
  const names = useInsightsStore((st) => st.names);
  const loadName = useInsightsStore((st) => st.loadName);
  const [, navigate] = useLocation();
  // A hovered point belongs to the figures it was drawn from: new figures redraw, and it is gone.
  const [hovered, setHovered] = useState<{ point: HoveredPoint; of: Insights['scatter'] } | null>(null);
  const hover = hovered?.of === s ? hovered.point : null;
  const setHover = useCallback((point: HoveredPoint | null) => setHovered(point ? { point, of: s } : null), [s]);
  const hoveredId = hover ? s.ids[hover.index] : undefined;
  useEffect(() => {
    if (hoveredId === undefined) return;
    const t = setTimeout(() => void loadName(hoveredId), 120);
    return () => clearTimeout(t);
  }, [hoveredId, loadName]);
  const open = useCallback((index: number) => navigate(`/contacts/${s.ids[index]}`), [navigate, s.ids]);

  const starRule =
    s.starMinReturnPerHour === null
      ? 'paid back what you put in (ROR 1.00 or more) and in the top quarter by return per hour'
      : `paid back what you put in (ROR 1.00 or more) and in the top quarter by return per hour: ${n.money.format(Math.round(s.starMinReturnPerHour))} an hour or more`;
  const sinkRule =
    s.sinkMinMinutes === null
      ? 'did not pay back (ROR under 1.00) and in the top quarter by hours'
      : `did not pay back (ROR under 1.00) and in the top quarter by hours: ${n.hours(s.sinkMinMinutes)} or more`;
  const summary =
    `Return against hours for ${n.count(s.ids.length)} contacts. ${n.count(s.stars)} stars, ${n.count(s.sinks)} time sinks, ` +
    `among ${n.count(s.withTime)} contacts with time.`;

  const actions = (
    <div className="segmented" role="group" aria-label="Scale of the axes">
      <button type="button" aria-pressed={logScale} onClick={() => setLogScale(true)} title="Spreads out the many small values; zero and refunds still show">
        Log scale
      </button>
      <button type="button" aria-pressed={!logScale} onClick={() => setLogScale(false)}>
        Linear
      </button>
    </div>
  );

  return (
    <Card
      id="ins-scatter"
      chart="scatter"
      title="Return against hours"
      hint="Every contact with time or return: the hours you gave them (across) against what they brought back, their referrals included (up). Point at one for its figures; click to open it."
      actions={s.ids.length > 0 ? actions : undefined}
    >
      {s.ids.length === 0 ? (
        <NoData>No time or purchases recorded yet: log an interaction, a purchase or time on a contact and it appears here.</NoData>
      ) : (
        <div className="ins-scatter-row">
          <div className="ins-plot" role="img" aria-label={summary}>
            {theme && (
              <ReturnScatter
                scatter={s}
                minorPerMajor={n.minorPerMajor}
                theme={theme}
                logScale={logScale}
                formatAxisMoney={n.axisMoney}
                height={360}
                onHover={setHover}
                onOpen={open}
              />
            )}
            {hover && <span className="ins-hover-ring" style={{ left: hover.left, top: hover.top }} aria-hidden="true" />}
            {hover && <PointTip view={view} index={hover.index} left={hover.left} top={hover.top} name={names[s.ids[hover.index]!]} n={n} />}
          </div>
          <aside className="ins-scatter-side">
            <ul className="ins-legend">
              <li>
                <span className="dot star" aria-hidden="true" />
                <span>
                  <strong>Stars</strong> ({n.count(s.stars)}): {starRule}.
                </span>
              </li>
              <li>
                <span className="dot sink" aria-hidden="true" />
                <span>
                  <strong>Time sinks</strong> ({n.count(s.sinks)}): {sinkRule}.
                </span>
              </li>
              <li>
                <span className="dot other" aria-hidden="true" />
                <span>Everyone else with time or return ({n.count(s.ids.length - s.stars - s.sinks)}).</span>
              </li>
            </ul>
            <HighlightList title="Best stars" icon={<Star size={14} aria-hidden="true" />} items={view.highlights.stars} n={n} kind="star" />
            <HighlightList title="Biggest time sinks" icon={<Timer size={14} aria-hidden="true" />} items={view.highlights.sinks} n={n} kind="sink" />
          </aside>
        </div>
      )}
    </Card>
  );
}

function PointTip({ view, index, left, top, name, n }: { view: Insights; index: number; left: number; top: number; name: string | undefined; n: Numbers }) {
  const s = view.scatter;
  const minutes = s.minutes[index]!;
  const ret = s.totalReturn[index]!;
  const invested = s.invested[index]!;
  const r = ratio(ret, invested);
  const mark = s.marks[index] === MARK_STAR ? 'Star' : s.marks[index] === MARK_SINK ? 'Time sink' : null;
  // Keep the tip inside the plot: to the left of the point when it is on the right half.
  const flip = left > 420;
  return (
    <div className={`ins-tip${flip ? ' flip' : ''}`} style={{ left, top }} role="tooltip">
      <strong>{name ?? '…'}</strong>
      {mark && <span className={`ins-tip-mark ${s.marks[index] === MARK_STAR ? 'star' : 'sink'}`}>{mark}</span>}
      <dl>
        <dt>Hours</dt>
        <dd>{n.hours(minutes)}</dd>
        <dt>Return</dt>
        <dd>{n.money.format(ret)}</dd>
        <dt>Invested</dt>
        <dd>{n.money.format(invested)}</dd>
        <dt>ROR</dt>
        <dd>{r === null ? '—' : ror2(r)}</dd>
        {minutes > 0 && (
          <>
            <dt>Per hour</dt>
            <dd>{n.money.format(Math.round((ret * 60) / minutes))}</dd>
          </>
        )}
      </dl>
      <span className="ins-tip-hint">Click to open</span>
    </div>
  );
}

function HighlightList({ title, icon, items, n, kind }: { title: string; icon: ReactNode; items: ScatterHighlight[]; n: Numbers; kind: 'star' | 'sink' }) {
  if (items.length === 0) return null;
  return (
    <div className={`ins-highlights ${kind}`}>
      <h3>
        {icon} {title}
      </h3>
      <ol>
        {items.map((h) => {
          const r = ratio(h.totalReturn, h.invested);
          return (
            <li key={h.id}>
              <Link href={`/contacts/${h.id}`}>{h.name}</Link>
              <span className="num">
                {kind === 'star' ? `${n.money.format(Math.round((h.totalReturn * 60) / h.minutes))}/h` : n.hours(h.minutes)}
                {r !== null && <span className="faint"> · ROR {ror2(r)}</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

// --- by month ------------------------------------------------------------------------------------

function MonthCard({ view, n, theme, locale }: { view: Insights; n: Numbers; theme: ChartTheme | null; locale: string }) {
  const months = view.byMonth;
  const [hover, setHover] = useState<number | null>(null);
  const short = useMemo(() => new Intl.DateTimeFormat(locale, { month: 'short' }), [locale]);
  const long = useMemo(() => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }), [locale]);
  const monthLabel = useCallback(
    (i: number) => {
      const m = months[i];
      if (!m) return '';
      const d = new Date(m.start);
      return d.getMonth() === 0 || i === 0 ? `${short.format(d)} ${d.getFullYear()}` : short.format(d);
    },
    [months, short],
  );
  const shown: MonthFigures | undefined = months[hover ?? months.length - 1];
  const any = months.some((m) => m.minutes !== 0 || m.revenue !== 0 || m.costs !== 0);
  const best = months.reduce<MonthFigures | null>((b, m) => (b === null || m.return > b.return ? m : b), null);
  const summary = best
    ? `Return and hours by month, ${months.length} months. Best month ${long.format(best.start)} with a return of ${n.money.format(best.return)}.`
    : 'Return and hours by month';
  return (
    <Card id="ins-months" chart="months" title="Return and hours by month" hint="What customers bought each month (at your margin) against what you put in, and your hours.">
      {!any ? (
        <NoData>Nothing dated yet: months appear as you log interactions, purchases and time.</NoData>
      ) : (
        <>
          {shown && (
            <p className="ins-readout" aria-live="polite">
              <strong>{long.format(shown.start)}</strong>
              <span>
                <span className="key return" aria-hidden="true" /> return {n.money.format(shown.return)}
              </span>
              <span>
                <span className="key invested" aria-hidden="true" /> invested {n.money.format(shown.invested)}
              </span>
              <span>
                <span className="key hours" aria-hidden="true" /> {n.hours(shown.minutes)}
              </span>
              <span>ROR {shown.ror === null ? '—' : ror2(shown.ror)}</span>
            </p>
          )}
          <div className="ins-plot" role="img" aria-label={summary}>
            {theme && (
              <MonthChart
                months={months}
                minorPerMajor={n.minorPerMajor}
                theme={theme}
                monthLabel={monthLabel}
                formatAxisMoney={n.axisMoney}
                height={260}
                onHover={setHover}
              />
            )}
          </div>
          <table className="sr-only">
            <caption>Return, invested and hours by month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Return</th>
                <th scope="col">Invested</th>
                <th scope="col">Hours</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{long.format(m.start)}</th>
                  <td>{n.money.format(m.return)}</td>
                  <td>{n.money.format(m.invested)}</td>
                  <td>{n.hours(m.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}

// --- sources -------------------------------------------------------------------------------------

const SOURCES_SHOWN = 10;

function SourcesCard({ view, n }: { view: Insights; n: Numbers }) {
  const sources = view.bySource.filter((s) => s.invested !== 0 || s.return !== 0);
  const shown = sources.slice(0, SOURCES_SHOWN);
  const top = Math.max(1.25, ...shown.map((s) => s.ror ?? 0)) * 1.08;
  const label = (s: SourceInsight) => (s.source === '' ? 'No source' : s.label || s.source);
  return (
    <Card
      id="ins-sources"
      chart="sources"
      title="ROR by source"
      hint="How each way customers first came pays back: their return against the time and money you put into them and into the channel (an hour posting counts for its network)."
    >
      {shown.length === 0 ? (
        <NoData>Give contacts a source (walk-in, referral, Instagram…) and log time or purchases to compare channels.</NoData>
      ) : (
        <>
          <ul className="ins-bars" aria-label="ROR by source, most invested first">
            {shown.map((s) => (
              <li
                key={s.source}
                title={`${label(s)}: return ${n.money.format(s.return)} on ${n.money.format(s.invested)} invested${s.untiedMinutes > 0 ? `, ${n.hours(s.untiedMinutes)} of it on the channel itself` : ''}`}
              >
                <span className="ins-bar-label">{label(s)}</span>
                <span className="ins-bar-track" aria-hidden="true">
                  <span className={`ins-bar ${s.ror !== null && s.ror >= 1 ? 'good' : 'warn'}`} style={{ width: `${Math.min(100, ((s.ror ?? 0) / top) * 100)}%` }} />
                  <span className="ins-bar-even" style={{ left: `${(1 / top) * 100}%` }} />
                </span>
                <span className="ins-bar-value num">{s.ror === null ? '—' : ror2(s.ror)}</span>
                <span className="ins-bar-sub">
                  {n.count(s.contacts)} {s.contacts === 1 ? 'contact' : 'contacts'} · {n.money.format(s.return)} on {n.money.format(s.invested)}
                </span>
              </li>
            ))}
          </ul>
          <p className="ins-foot">
            The line marks 1.00: break-even.
            {sources.length > shown.length && ` ${n.count(sources.length - shown.length)} smaller sources not shown.`}
          </p>
        </>
      )}
    </Card>
  );
}

// --- segments and quadrants ----------------------------------------------------------------------

const SEGMENT_HINTS: Record<RfmSegment, string> = {
  top: 'Bought recently, often and a lot',
  frequent: 'Buy often',
  atRisk: 'Used to buy often, not lately',
  new: 'A first purchase, recently',
  lapsed: 'Have not bought for a long while',
  regular: 'Everyone else who buys',
};

function SegmentsCard({ view, n }: { view: Insights; n: Numbers }) {
  const buyers = view.business.buyers;
  const max = Math.max(1, ...view.segments.map((s) => s.count));
  return (
    <Card id="ins-segments" chart="segments" title="Segments" hint="Buying customers by how recently, how often and how much they buy (RFM), each against all the others.">
      {buyers === 0 ? (
        <NoData>No purchases yet: customers fall into segments once they buy.</NoData>
      ) : (
        <ul className="ins-bars compact" aria-label={`RFM segments of ${n.count(buyers)} buying customers`}>
          {view.segments.map((s) => (
            <li key={s.segment} title={`${RFM_SEGMENT_LABELS[s.segment]}: ${SEGMENT_HINTS[s.segment]}. ${n.money.format(s.revenue)} of purchases.`}>
              <span className="ins-bar-label">{RFM_SEGMENT_LABELS[s.segment]}</span>
              <span className="ins-bar-track" aria-hidden="true">
                <span className={`ins-bar seg-${s.segment}`} style={{ width: `${(s.count / max) * 100}%` }} />
              </span>
              <span className="ins-bar-value num">{n.count(s.count)}</span>
              <span className="ins-bar-sub">
                {pct(s.count / buyers)} · {SEGMENT_HINTS[s.segment].toLowerCase()}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const QUADRANT_HINTS: Record<Quadrant, string> = {
  champions: 'buy a lot and refer a lot',
  affluents: 'buy a lot, refer little',
  advocates: 'refer a lot, buy little',
  misers: 'neither, so far',
};

function QuadrantsCard({ view, n }: { view: Insights; n: Numbers }) {
  const count = Object.fromEntries(view.quadrants.map((q) => [q.quadrant, q.count])) as Record<Quadrant, number>;
  const total = view.quadrants.reduce((s, q) => s + q.count, 0);
  const { buying, referring } = view.quadrantMedians;
  const cell = (q: Quadrant) => (
    <div className={`ins-quad q-${q}`} title={`${QUADRANT_LABELS[q]}: ${QUADRANT_HINTS[q]}`}>
      <span className="ins-quad-count num">{n.count(count[q])}</span>
      <span className="ins-quad-name">{QUADRANT_LABELS[q]}</span>
      <span className="ins-quad-hint">{QUADRANT_HINTS[q]}</span>
    </div>
  );
  return (
    <Card
      id="ins-quadrants"
      chart="quadrants"
      title="Value quadrants"
      hint={
        <>
          What customers buy against what they bring through referrals.
          {buying !== null && ` High-buying: a direct return of ${n.money.format(Math.round(buying))} or more (the median buyer).`}
          {referring !== null && ` High-referring: a referral return of ${n.money.format(Math.round(referring))} or more (the median referrer).`}
        </>
      }
    >
      {total === 0 ? (
        <NoData>No purchases or referrals yet.</NoData>
      ) : (
        <div className="ins-quads" role="group" aria-label={`Value quadrants: ${view.quadrants.map((q) => `${QUADRANT_LABELS[q.quadrant]} ${q.count}`).join(', ')}`}>
          <span className="ins-quads-y" aria-hidden="true">
            refers more →
          </span>
          <div className="ins-quads-grid">
            {cell('advocates')}
            {cell('champions')}
            {cell('misers')}
            {cell('affluents')}
          </div>
          <span className="ins-quads-x" aria-hidden="true">
            buys more →
          </span>
        </div>
      )}
    </Card>
  );
}

// --- NPS -----------------------------------------------------------------------------------------

function NpsCard({ view, n }: { view: Insights; n: Numbers }) {
  const { promoters, passives, detractors, answers, nps } = view.nps;
  const part = (k: number) => (answers === 0 ? 0 : (k / answers) * 100);
  return (
    <Card id="ins-nps" chart="nps" title="Net Promoter Score" hint="Each contact's latest answer to “how likely are you to recommend us?”, 0 to 10.">
      {answers === 0 ? (
        <NoData>No answers yet: record a score from 0 to 10 on a contact's page.</NoData>
      ) : (
        <div className="ins-nps">
          <div className="ins-nps-score" title="Promoters less detractors, as a share of everyone who answered">
            <span className={`num ${nps !== null && nps > 0 ? 'good' : nps !== null && nps < 0 ? 'bad' : ''}`}>{nps === null ? '—' : nps > 0 ? `+${nps}` : nps}</span>
            <span className="ins-sub">
              {n.count(answers)} {answers === 1 ? 'answer' : 'answers'}
            </span>
          </div>
          <div className="ins-nps-bar" role="img" aria-label={`${promoters} promoters, ${passives} passives, ${detractors} detractors`}>
            <span className="promoters" style={{ width: `${part(promoters)}%` }} />
            <span className="passives" style={{ width: `${part(passives)}%` }} />
            <span className="detractors" style={{ width: `${part(detractors)}%` }} />
          </div>
          <ul className="ins-nps-legend">
            <li>
              <span className="key promoters" aria-hidden="true" /> Promoters (9–10) <span className="num">{n.count(promoters)}</span>
            </li>
            <li>
              <span className="key passives" aria-hidden="true" /> Passives (7–8) <span className="num">{n.count(passives)}</span>
            </li>
            <li>
              <span className="key detractors" aria-hidden="true" /> Detractors (0–6) <span className="num">{n.count(detractors)}</span>
            </li>
          </ul>
        </div>
      )}
    </Card>
  );
}

// --- the referral engine -------------------------------------------------------------------------

function Figure({ label, value, sub, hint }: { label: string; value: string; sub?: string; hint: string }) {
  return (
    <div className="ins-fig" title={hint}>
      <span className="ins-fig-value num">{value}</span>
      <span className="ins-fig-label">{label}</span>
      {sub && <span className="ins-sub">{sub}</span>}
    </div>
  );
}

function ReferralsCard({ view, n }: { view: Insights; n: Numbers }) {
  const r = view.referrals;
  return (
    <Card
      id="ins-referrals"
      chart="referrals"
      title="The referral engine"
      hint="Who sends you whom, what comes of it, and what the people they send are worth."
    >
      {r.total === 0 ? (
        <NoData>No referrals yet: record who sent you whom on the Referrals screen or a contact's page.</NoData>
      ) : (
        <div className="ins-engine">
          <div className="ins-figs">
            <Figure label="referrals" value={n.count(r.total)} sub={`${n.count(r.converted)} converted · ${n.count(r.pending)} pending · ${n.count(r.lost)} lost`} hint="Every referral whose two ends are live" />
            <Figure
              label="conversion"
              value={r.conversionRate === null ? '—' : pct(r.conversionRate)}
              sub="of those decided"
              hint={`Converted out of converted and lost: ${r.converted} of ${r.converted + r.lost}`}
            />
            <Figure
              label="of customers came by referral"
              value={r.referralRate === null ? '—' : pct(r.referralRate, 1)}
              sub={`${n.count(r.referredCustomers)} of ${n.count(view.business.buyers)}`}
              hint="Buying customers brought by a converted referral"
            />
            <Figure
              label={r.chains === 1 ? 'chain' : 'chains'}
              value={n.count(r.chains)}
              sub={r.longestChain > 0 ? `the longest ${r.longestChain} ${r.longestChain === 1 ? 'step' : 'steps'} deep` : undefined}
              hint="People who sent someone without being sent themselves, each at the head of a chain"
            />
            <Figure
              label="a referred customer is worth"
              value={r.meanReturnReferred === null ? '—' : n.money.format(r.meanReturnReferred)}
              sub={r.meanReturnOthers === null ? undefined : `against ${n.money.format(r.meanReturnOthers)} for the others`}
              hint="Mean total return (their purchases and their own referrals) of referred buying customers, against all other buying customers"
            />
          </div>
          <div className="ins-advocates">
            <h3>Top advocates</h3>
            {r.topAdvocates.length === 0 ? (
              <p className="muted">No converted referrals yet.</p>
            ) : (
              <ol>
                {r.topAdvocates.map((a) => (
                  <li key={a.id}>
                    <Link href={`/contacts/${a.id}`}>{a.name}</Link>
                    <span className="muted">
                      brought {n.count(a.referred)} {a.referred === 1 ? 'customer' : 'customers'}
                    </span>
                    <span className="num" title="Referral return: their share of what the people they brought, and those people's referrals, bought">
                      {n.money.format(a.referralReturn)}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}

// --- the screen ----------------------------------------------------------------------------------

function Loading() {
  return (
    <div className="ins-loading" role="status" aria-live="polite">
      <div className="ins-progress" role="progressbar" aria-label="Working out your insights" />
      <span className="muted">Working out your insights…</span>
    </div>
  );
}

function EmptyBook({ canLoadSample }: { canLoadSample: boolean }) {
  const openEditor = useUiStore((s) => s.openEditor);
  return (
    <EmptyState
      icon={<ChartScatter size={30} />}
      title="Insights: what your relationships bring back"
      action={
        canLoadSample ? (
          <SampleButtons primary />
        ) : (
          <div className="ins-empty-actions">
            <button type="button" className="btn primary" onClick={() => openEditor({ mode: 'create', kind: 'person' })}>
              <UserPlus size={15} /> Add a contact
            </button>
            <Link href="/settings" className="btn">
              <SettingsIcon size={15} /> Settings
            </Link>
          </div>
        )
      }
    >
      Once you log time, purchases and referrals, this screen shows what every hour and every sale brings back: your stars and time sinks, the best channels,
      your segments and your referral engine. Load a sample business to see it at work.
    </EmptyState>
  );
}

/** The Insights screen: a calm dashboard of the business's return on relationships. */
export function InsightsView() {
  const view = useInsightsStore((s) => s.view);
  const loading = useInsightsStore((s) => s.loading);
  const error = useInsightsStore((s) => s.error);
  const load = useInsightsStore((s) => s.load);
  const scheduleLoad = useInsightsStore((s) => s.scheduleLoad);
  const bookEmpty = useInsightsStore(insightsSelectors.bookEmpty);
  const canLoadSample = useInsightsStore(insightsSelectors.canLoadSample);
  const theme = useChartTheme();
  const n = useNumbers();
  const locale = useBookLocale();

  useEffect(() => {
    void load();
    return api().on('changed', (e) => {
      if (changesInsights(e.area)) scheduleLoad();
    });
  }, [load, scheduleLoad]);

  return (
    <div className="page insights" aria-busy={loading}>
      <div className="page-header">
        <div style={{ flex: 1 }}>
          <h1>Insights</h1>
          <p>What the time and money you put into your relationships bring back.</p>
        </div>
        {view && loading && (
          <span className="ins-updating muted" role="status">
            <RefreshCw size={14} aria-hidden="true" className="spin" /> Updating…
          </span>
        )}
      </div>
      {error && (
        <div className="form-error" role="alert">
          Could not work out the insights: {error.message}{' '}
          <button type="button" className="btn small" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {!view && !error && <Loading />}
      {view && bookEmpty && <EmptyBook canLoadSample={canLoadSample} />}
      {view && !bookEmpty && (
        <>
          <Headline view={view} n={n} locale={locale} />
          <ScatterCard view={view} n={n} theme={theme} />
          <MonthCard view={view} n={n} theme={theme} locale={locale} />
          <div className="ins-columns">
            <div className="ins-column">
              <SourcesCard view={view} n={n} />
              <NpsCard view={view} n={n} />
            </div>
            <div className="ins-column">
              <SegmentsCard view={view} n={n} />
              <QuadrantsCard view={view} n={n} />
            </div>
          </div>
          <ReferralsCard view={view} n={n} />
        </>
      )}
    </div>
  );
}

