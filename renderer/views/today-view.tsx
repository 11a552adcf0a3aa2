import {
  ArrowRight,
  CalendarCheck,
  CalendarClock,
  CalendarPlus,
  Check,
  CircleDollarSign,
  Gift,
  Hourglass,
  MessageSquare,
  Play,
  Repeat,
  Sparkles,
  Square,
  Sun,
  UserPlus,
  X,
} from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { Link, useLocation } from 'wouter';
import type { FollowUp, TodayItem } from '../../shared/contract/index';
import type { TodayReason } from '../../shared/scoring/index';
import { api } from '../api/client';
import { Avatar } from '../components/avatar';
import { ContactPicker } from '../components/contact-picker';
import { EmptyState } from '../components/empty-state';
import { FirstContactActions } from '../components/first-contact-actions';
import { StageBadge } from '../components/stage-badge';
import { useBookLocale } from '../format';
import { useFollowUpsStore } from '../store/follow-ups-store';
import { formatElapsed, timerSelectors, useTimerStore } from '../store/timer-store';
import { toast } from '../store/toast-store';
import { changesFigures, reasonKey, todaySelectors, useTodayStore } from '../store/today-store';
import { useUiStore, type RecordKind } from '../store/ui-store';
import { dueWords } from './follow-ups-view';
import { SampleButtons } from './sample-card';
import './today.css';

/** How many due follow-ups the side column lists before "All follow-ups". */
const SIDE_FOLLOW_UPS = 8;

const isoDay = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** A dialog, the palette or a form is open: single keys belong to it, not to the list. */
function quiet(): boolean {
  const ui = useUiStore.getState();
  return ui.recordEditor !== null || ui.editor !== null || ui.paletteOpen || document.querySelector('.dialog-backdrop, [role="dialog"]') !== null;
}

const REASON_ICON: Record<TodayReason['kind'], React.ReactNode> = {
  followUp: <CalendarClock size={14} aria-hidden="true" />,
  thankReferral: <Gift size={14} aria-hidden="true" />,
  lapsing: <Hourglass size={14} aria-hidden="true" />,
  cadence: <Repeat size={14} aria-hidden="true" />,
};

/** What each kind of reason asks of the owner, for the hover. */
const REASON_HINT: Record<TodayReason['kind'], string> = {
  followUp: 'A follow-up you planned is due: do it, then tick it off',
  thankReferral: 'They sent you a customer: a thank-you keeps the referrals coming',
  lapsing: 'They have gone more than twice their usual gap without buying: a good moment to check in',
  cadence: 'You asked to stay in touch at this rhythm: it has been longer than that since you last spoke',
};

/** One reason in words, with the action that settles it where there is one. */
function Reason({ reason, name }: { reason: TodayReason; name: string }) {
  const completeFollowUp = useTodayStore((s) => s.completeFollowUp);
  const markThanked = useTodayStore((s) => s.markThanked);
  const [busy, setBusy] = useState(false);
  const run = (work: () => Promise<boolean>) => {
    if (busy) return;
    setBusy(true);
    void work().finally(() => setBusy(false));
  };
  // A follow-up due today is due; one from an earlier day is late.
  const tone = reason.kind === 'followUp' ? (reason.text.endsWith('due today') ? 'due' : 'bad') : reason.kind;
  return (
    <li className={`today-reason tone-${tone}`} data-kind={reason.kind} title={REASON_HINT[reason.kind]}>
      {REASON_ICON[reason.kind]}
      <span className="reason-text">{reason.text}</span>
      {reason.kind === 'followUp' && reason.title && <span className="reason-detail">· {reason.title}</span>}
      {reason.kind === 'followUp' && reason.followUpId !== undefined && (
        <button
          type="button"
          className="btn small reason-action"
          disabled={busy}
          aria-label={`Done: ${reason.title ?? 'follow-up'} (${name})`}
          title="Mark this follow-up done"
          onClick={() => run(() => completeFollowUp(reason.followUpId!))}
        >
          <Check size={13} /> Done
        </button>
      )}
      {reason.kind === 'thankReferral' && reason.referralId !== undefined && (
        <button
          type="button"
          className="btn small reason-action"
          disabled={busy}
          aria-label={`Mark ${name} thanked for referring ${reason.referredName}`}
          title="You thanked them: take this off the list"
          onClick={() => run(() => markThanked(reason.referralId!))}
        >
          <Check size={13} /> Thanked
        </button>
      )}
    </li>
  );
}

function TodayRow({
  item,
  index,
  selected,
  topScore,
  hidden,
  rowRef,
}: {
  item: TodayItem;
  index: number;
  selected: boolean;
  topScore: number;
  hidden: readonly string[];
  rowRef: (el: HTMLLIElement | null) => void;
}) {
  const setCursor = useTodayStore((s) => s.setCursor);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const startTimer = useTimerStore((s) => s.start);
  const [, navigate] = useLocation();
  const reasons = item.reasons.filter(
    (r) => !(r.kind === 'followUp' && r.followUpId !== undefined && hidden.includes(reasonKey('followUp', r.followUpId))) &&
      !(r.kind === 'thankReferral' && r.referralId !== undefined && hidden.includes(reasonKey('thankReferral', r.referralId))),
  );
  if (reasons.length === 0) return null;
  const share = topScore > 0 ? Math.max(0.04, Math.min(1, item.score / topScore)) : 0;
  const why = `Ranked by urgency × value: ${item.urgency.toFixed(2)} × ${item.value.toFixed(2)} = ${item.score.toFixed(2)}. Urgency comes from the most pressing reason; value grows with what they have brought you.`;
  return (
    <li
      ref={rowRef}
      className="today-row"
      data-id={item.id}
      tabIndex={selected ? 0 : -1}
      aria-current={selected ? 'true' : undefined}
      aria-label={`${item.name}: ${reasons.map((r) => r.text).join('; ')}`}
      onFocus={(e) => {
        if (e.target === e.currentTarget) setCursor(index);
      }}
      onMouseDown={() => setCursor(index)}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (e.key === 'Enter') {
          e.preventDefault();
          navigate(`/contacts/${item.id}`);
        }
      }}
    >
      <Avatar name={item.name} kind={item.kind} />
      <div className="today-main">
        <div className="today-who">
          <Link href={`/contacts/${item.id}`} className="today-name" tabIndex={-1}>
            {item.name}
          </Link>
          <StageBadge stage={item.stage as Parameters<typeof StageBadge>[0]['stage']} />
        </div>
        <ul className="today-reasons" aria-label={`Why ${item.name}`}>
          {reasons.map((r, i) => (
            <Reason key={`${r.kind}-${i}`} reason={r} name={item.name} />
          ))}
        </ul>
      </div>
      <div className="today-side">
        <span className="today-score" title={why} role="img" aria-label={`Score ${item.score.toFixed(2)}`}>
          <span style={{ width: `${Math.round(share * 100)}%` }} />
        </span>
        <div className="today-actions">
          <button
            type="button"
            className="icon-btn"
            title="Log an interaction (L)"
            aria-label={`Log an interaction with ${item.name}`}
            aria-keyshortcuts="L"
            onClick={() => openRecordEditor({ kind: 'interaction', contactId: item.id, id: null })}
          >
            <MessageSquare size={16} />
          </button>
          <button
            type="button"
            className="icon-btn"
            title="Start the timer on this contact"
            aria-label={`Start the timer on ${item.name}`}
            onClick={() =>
              void startTimer({ contactId: item.id }).then((r) => {
                if (!r.ok) toast(r.error.message, { tone: 'error' });
              })
            }
          >
            <Play size={16} />
          </button>
          <button type="button" className="icon-btn" title="Open (Enter)" aria-label={`Open ${item.name}`} onClick={() => navigate(`/contacts/${item.id}`)}>
            <ArrowRight size={16} />
          </button>
        </div>
      </div>
    </li>
  );
}

function ReachOutList() {
  const view = useTodayStore((s) => s.view);
  const cursor = useTodayStore((s) => s.cursor);
  const hidden = useTodayStore((s) => s.hidden);
  const setCursor = useTodayStore((s) => s.setCursor);
  const showMore = useTodayStore((s) => s.showMore);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const openEditor = useUiStore((s) => s.openEditor);
  const [, navigate] = useLocation();
  const rows = useRef<(HTMLLIElement | null)[]>([]);

  const items = useMemo(() => view?.items ?? [], [view]);
  const move = (by: number) => {
    if (quiet() || items.length === 0) return;
    const active = document.activeElement;
    const inList = active === document.body || active === null || rows.current.includes(active as HTMLLIElement);
    const next = inList ? Math.max(0, Math.min(items.length - 1, cursor + by)) : cursor;
    setCursor(next);
    rows.current[next]?.focus();
  };
  const selected = items[cursor];
  useHotkeys(['j', 'down'], () => move(1), { preventDefault: true }, [cursor, items]);
  useHotkeys(['k', 'up'], () => move(-1), { preventDefault: true }, [cursor, items]);
  useHotkeys(
    'l',
    () => {
      if (!quiet() && selected) openRecordEditor({ kind: 'interaction', contactId: selected.id, id: null });
    },
    { preventDefault: true },
    [selected],
  );
  useHotkeys(
    'enter',
    () => {
      if (!quiet() && selected && (document.activeElement === document.body || document.activeElement === null)) navigate(`/contacts/${selected.id}`);
    },
    [selected],
  );

  if (!view) return <div className="today-list-wrap" aria-busy="true" />;
  if (items.length === 0) {
    return (
      <div className="today-caught-up" role="status">
        <Sparkles size={22} aria-hidden="true" />
        <div>
          <h2>Nobody needs you today</h2>
          <p className="muted">
            No follow-up is due, every referral is thanked, and no one is lapsing or past their stay-in-touch rhythm. Plan a follow-up, or set a rhythm on a
            contact you care about, and they will come back here on their day.
          </p>
          <div className="today-caught-up-actions">
            <button type="button" className="btn small" onClick={() => openRecordEditor({ kind: 'followUp', contactId: null, id: null })}>
              <CalendarPlus size={14} /> Plan a follow-up
            </button>
            <button type="button" className="btn small" onClick={() => openEditor({ mode: 'create', kind: 'person' })}>
              <UserPlus size={14} /> New contact
            </button>
          </div>
        </div>
      </div>
    );
  }
  const topScore = items[0]?.score ?? 0;
  return (
    <div className="today-list-wrap">
      <ol className="today-list" aria-label="Who to reach out to, most pressing first">
        {items.map((item, i) => (
          <TodayRow
            key={item.id}
            item={item}
            index={i}
            selected={i === cursor}
            topScore={topScore}
            hidden={hidden}
            rowRef={(el) => {
              rows.current[i] = el;
            }}
          />
        ))}
      </ol>
      {view.total > items.length && items.length >= 500 && (
        <p className="faint today-keys">The first 500 of {view.total.toLocaleString()}: tick some off and the rest move up.</p>
      )}
      {view.total > items.length && items.length < 500 && (
        <button type="button" className="btn small ghost today-more" onClick={() => void showMore()}>
          {Math.min(view.total - items.length, 50) === view.total - items.length
            ? `Show ${view.total - items.length} more`
            : `Show 50 more (${(view.total - items.length).toLocaleString()} in all)`}
        </button>
      )}
      <p className="today-keys faint">
        <kbd>J</kbd> <kbd>K</kbd> or the arrows move, <kbd>Enter</kbd> opens, <kbd>L</kbd> logs an interaction.
      </p>
    </div>
  );
}

function DueRow({ followUp, now }: { followUp: FollowUp; now: number }) {
  const complete = useFollowUpsStore((s) => s.complete);
  const [busy, setBusy] = useState(false);
  return (
    <li className="due-row" data-bucket={followUp.bucket}>
      <button
        type="button"
        className="icon-btn due-check"
        disabled={busy}
        aria-label={`Done: ${followUp.title}`}
        title="Mark done"
        onClick={() => {
          setBusy(true);
          void complete(followUp.id).finally(() => setBusy(false));
        }}
      >
        <Check size={15} />
      </button>
      <div className="due-main">
        <span className="due-title">{followUp.title}</span>
        <span className="due-sub">
          {followUp.contactId !== null && followUp.contactName !== null && <Link href={`/contacts/${followUp.contactId}`}>{followUp.contactName}</Link>}
          <span className={followUp.bucket === 'overdue' ? 'overdue' : undefined}>{dueWords(followUp, now)}</span>
        </span>
      </div>
    </li>
  );
}

function FollowUpsDue() {
  const overdue = useFollowUpsStore((s) => s.overdue);
  const today = useFollowUpsStore((s) => s.today);
  const loaded = useFollowUpsStore((s) => s.loaded);
  const now = useFollowUpsStore((s) => s.loadedAt);
  const due = [...overdue.items, ...today.items];
  const total = overdue.total + today.total;
  return (
    <section className="today-card" aria-labelledby="today-due-heading">
      <h2 id="today-due-heading">
        <CalendarCheck size={15} aria-hidden="true" /> Follow-ups due <span className={`section-count${overdue.total > 0 ? ' bad' : ''}`}>{total}</span>
      </h2>
      {!loaded ? null : total === 0 ? (
        <p className="muted today-card-empty">Nothing due today or overdue.</p>
      ) : (
        <ul className="due-list" aria-label="Follow-ups due">
          {due.slice(0, SIDE_FOLLOW_UPS).map((f) => (
            <DueRow key={f.id} followUp={f} now={now} />
          ))}
        </ul>
      )}
      <Link href="/follow-ups" className="today-card-link">
        {total > SIDE_FOLLOW_UPS ? `All ${total} due follow-ups` : 'All follow-ups'} <ArrowRight size={13} aria-hidden="true" />
      </Link>
    </section>
  );
}

function TimerCard() {
  const timer = useTimerStore((s) => s.timer);
  const loaded = useTimerStore((s) => s.loaded);
  const busy = useTimerStore((s) => s.busy);
  const elapsed = useTimerStore(timerSelectors.elapsedMs);
  const label = useTimerStore(timerSelectors.label);
  const start = useTimerStore((s) => s.start);
  const stop = useTimerStore((s) => s.stop);
  const cancel = useTimerStore((s) => s.cancel);
  const [activity, setActivity] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!loaded) return null;
  return (
    <section className="today-card" aria-labelledby="today-timer-heading">
      <h2 id="today-timer-heading">
        <Play size={15} aria-hidden="true" /> Timer
      </h2>
      {timer ? (
        <div className="today-timer running">
          <span className="timer-dot" aria-hidden="true" />
          <div className="today-timer-what">
            {timer.contactId !== null ? <Link href={`/contacts/${timer.contactId}`}>{label}</Link> : <span>{label}</span>}
            <span className="today-timer-elapsed num" role="timer" aria-label="Elapsed">
              {formatElapsed(elapsed)}
            </span>
          </div>
          <button type="button" className="btn small" disabled={busy} onClick={() => void stop()} title="Stop and record the time">
            <Square size={11} fill="currentColor" className="stop-icon" /> Stop
          </button>
          <button type="button" className="icon-btn" disabled={busy} onClick={() => void cancel()} aria-label="Discard the timer" title="Discard without recording">
            <X size={15} />
          </button>
        </div>
      ) : (
        <form
          className="today-timer-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (busy) return;
            void start({ activity }).then((r) => {
              if (r.ok) {
                setActivity('');
                setError(null);
              } else setError(r.error.issues?.[0]?.message ?? r.error.message);
            });
          }}
        >
          <label htmlFor="today-activity" className="sr-only">
            Activity to time
          </label>
          <input
            id="today-activity"
            className="input"
            placeholder="Activity to time"
            value={activity}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'today-activity-error' : undefined}
            onChange={(e) => setActivity(e.target.value)}
          />
          <button type="submit" className="btn small" disabled={busy}>
            <Play size={13} /> Start
          </button>
          {error && (
            <span className="field-error" id="today-activity-error" role="alert">
              {error}
            </span>
          )}
          <span className="field-hint">
            Time on a contact: the play button on their row, or <kbd>Shift</kbd>+<kbd>T</kbd>.
          </span>
        </form>
      )}
    </section>
  );
}

function QuickAdd() {
  const openEditor = useUiStore((s) => s.openEditor);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const [picking, setPicking] = useState<RecordKind | null>(null);
  const box = useRef<HTMLDivElement | null>(null);
  return (
    <section className="today-card" aria-labelledby="today-add-heading">
      <h2 id="today-add-heading">
        <UserPlus size={15} aria-hidden="true" /> Quick add
      </h2>
      <div className="quick-add">
        <button type="button" className="btn small" aria-label="New contact" onClick={() => openEditor({ mode: 'create', kind: 'person' })} title="New contact (N)">
          <UserPlus size={14} /> Contact
        </button>
        <button
          type="button"
          className="btn small"
          aria-label="Log interaction"
          title="Log a call, visit or message: pick the contact"
          aria-pressed={picking === 'interaction'}
          onClick={() => setPicking(picking === 'interaction' ? null : 'interaction')}
        >
          <MessageSquare size={14} /> Interaction
        </button>
        <button
          type="button"
          className="btn small"
          aria-label="Record purchase"
          title="Record a purchase: pick the customer"
          aria-pressed={picking === 'purchase'}
          onClick={() => setPicking(picking === 'purchase' ? null : 'purchase')}
        >
          <CircleDollarSign size={14} /> Purchase
        </button>
        <button type="button" className="btn small" aria-label="New follow-up" title="Plan a follow-up" onClick={() => openRecordEditor({ kind: 'followUp', contactId: null, id: null })}>
          <CalendarPlus size={14} /> Follow-up
        </button>
      </div>
      {picking && (
        <div
          ref={box}
          className="quick-add-pick"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setPicking(null);
            }
          }}
        >
          <ContactPicker
            id="today-quick-contact"
            label={picking === 'interaction' ? 'Log an interaction with' : 'Record a purchase by'}
            autoFocus
            onPick={(c) => {
              const kind = picking;
              setPicking(null);
              openRecordEditor({ kind, contactId: c.id, id: null });
            }}
          />
        </div>
      )}
    </section>
  );
}

function TeachEmpty() {
  return (
    <EmptyState
      icon={<Sun size={30} />}
      title="Your day starts here"
      action={
        <div className="today-empty-actions">
          <FirstContactActions />
          <span className="faint">from Google Contacts, Outlook or a phone (CSV or vCard); or see it at work with made-up data</span>
          <SampleButtons />
        </div>
      }
    >
      Each morning Today tells you who to reach out to, and why: follow-ups that are due, customers who sent you a friend and are not thanked yet, regulars who have
      stopped coming, and people past the stay-in-touch rhythm you set. It fills itself from what you record.
    </EmptyState>
  );
}

export function TodayView() {
  const load = useTodayStore((s) => s.load);
  const scheduleLoad = useTodayStore((s) => s.scheduleLoad);
  const view = useTodayStore((s) => s.view);
  const bookEmpty = useTodayStore(todaySelectors.bookEmpty);
  const loadFollowUps = useFollowUpsStore((s) => s.load);
  const setFollowUpsOpen = useFollowUpsStore((s) => s.setViewOpen);
  const locale = useBookLocale();
  const [day, setDay] = useState(() => new Date().toDateString());

  useEffect(() => {
    void load();
    setFollowUpsOpen(true);
    void loadFollowUps();
    const off = api().on('changed', (e) => {
      if (changesFigures(e.area)) scheduleLoad();
    });
    const onVisible = () => {
      if (document.visibilityState === 'visible') scheduleLoad();
    };
    document.addEventListener('visibilitychange', onVisible);
    // The day turns while the screen is open: what is due changes with it.
    const tick = window.setInterval(() => {
      const today = new Date().toDateString();
      setDay((d) => {
        if (d !== today) {
          scheduleLoad();
          void loadFollowUps();
        }
        return today;
      });
    }, 60_000);
    return () => {
      off();
      document.removeEventListener('visibilitychange', onVisible);
      window.clearInterval(tick);
      setFollowUpsOpen(false);
    };
  }, [load, scheduleLoad, loadFollowUps, setFollowUpsOpen]);

  const dateText = useMemo(() => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(day)), [locale, day]);
  const total = view?.total ?? 0;

  return (
    <div className="page today-page">
      <div className="page-header">
        <div style={{ flex: 1 }}>
          <h1>Today</h1>
          <p>
            <time dateTime={isoDay(new Date(day))}>{dateText}</time>
            {view && !bookEmpty && (
              <span className="today-summary">
                {' · '}
                {total === 0 ? 'nobody to chase' : total === 1 ? '1 person to reach out to' : `${total.toLocaleString(locale)} people to reach out to`}
              </span>
            )}
          </p>
        </div>
      </div>
      {bookEmpty && view?.total === 0 ? (
        <TeachEmpty />
      ) : (
        <div className="today-columns">
          <section className="today-reach" aria-label="Who to reach out to">
            <ReachOutList />
          </section>
          <aside className="today-aside" aria-label="Due, timer and quick add">
            <FollowUpsDue />
            <TimerCard />
            <QuickAdd />
          </aside>
        </div>
      )}
    </div>
  );
}
