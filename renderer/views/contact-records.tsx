import {
  CalendarCheck,
  CircleDollarSign,
  Clock,
  Gauge,
  HandCoins,
  MessageSquare,
  Pencil,
  Play,
  Share2,
  StickyNote,
  Trash2,
  UserPlus,
  Users,
} from 'lucide-react';
import { useEffect, useMemo } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { Link } from 'wouter';
import type { Contact, TimelineItem } from '../../shared/contract/index';
import { api } from '../api/client';
import { useBookLocale, useBookMoney, type BookMoney } from '../format';
import { EDITOR_OF, timelineSelectors, useTimelineStore } from '../store/timeline-store';
import { formatMinutes, useTimerStore } from '../store/timer-store';
import { toast } from '../store/toast-store';
import { useUiStore, type RecordKind } from '../store/ui-store';
import { CHANNEL_LABELS, SENTIMENT_LABELS } from './records/interaction-form';
import { npsGroup } from './records/nps-form';
import './records/records.css';

const DAY = 86_400_000;

function startOfDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Whole local calendar days from `a` to `b`. */
function daysBetween(a: number, b: number): number {
  return Math.round((startOfDay(b) - startOfDay(a)) / DAY);
}

/** 'last touch N days ago; next due …', from the latest interaction or, before any, the contact's creation. */
function CadenceLine({ contact, lastInteractionAt, now, locale }: { contact: Contact; lastInteractionAt: number | null; now: number; locale: string }) {
  const from = lastInteractionAt ?? contact.createdAt;
  const ago = daysBetween(from, now);
  const agoText = ago <= 0 ? 'today' : ago === 1 ? 'yesterday' : `${ago} days ago`;
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const last = lastInteractionAt === null ? `Added ${agoText}, no interaction yet` : `Last touch ${agoText}`;
  if (!contact.cadenceDays) {
    return (
      <p className="cadence" data-testid="cadence">
        <Clock size={14} aria-hidden="true" /> {last} · <span className="muted">no stay-in-touch rhythm set</span>
      </p>
    );
  }
  const due = new Date(from);
  due.setDate(due.getDate() + contact.cadenceDays);
  const late = daysBetween(due.getTime(), now);
  const state = late > 0 ? 'late' : late === 0 ? 'due' : 'ok';
  return (
    <p className={`cadence ${state}`} data-testid="cadence" title={`Every ${contact.cadenceDays} days; an interaction restarts the count`}>
      <Clock size={14} aria-hidden="true" /> {last}; next due {late === 0 ? 'today' : dateFmt.format(due)}
      {late > 0 && <strong> ({late === 1 ? '1 day' : `${late} days`} late)</strong>}
    </p>
  );
}

function QuickActions({ contact }: { contact: Contact }) {
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const startTimer = useTimerStore((s) => s.start);
  const open = (kind: RecordKind) => openRecordEditor({ kind, contactId: contact.id, id: null });
  const actions: { kind: RecordKind; label: string; key?: string; icon: React.ReactNode }[] = [
    { kind: 'interaction', label: 'Log interaction', key: 'L', icon: <MessageSquare size={15} /> },
    { kind: 'purchase', label: 'Purchase', key: 'P', icon: <CircleDollarSign size={15} /> },
    { kind: 'note', label: 'Note', key: 'O', icon: <StickyNote size={15} /> },
  ];
  return (
    <div className="quick-actions" role="toolbar" aria-label="Quick actions">
      {actions.map((a) => (
        <button key={a.kind} type="button" className="btn small" title={`${a.label} (${a.key})`} aria-keyshortcuts={a.key} onClick={() => open(a.kind)}>
          {a.icon} {a.label}
          <kbd>{a.key}</kbd>
        </button>
      ))}
      <button
        type="button"
        className="btn small"
        title="Start the timer on this contact"
        onClick={() =>
          void startTimer({ contactId: contact.id }).then((r) => {
            if (!r.ok) toast(r.error.message, { tone: 'error' });
          })
        }
      >
        <Play size={15} /> Start timer
      </button>
      <button type="button" className="btn small" title="Plan a follow-up" onClick={() => open('followUp')}>
        <CalendarCheck size={15} /> Follow-up
      </button>
      <button type="button" className="btn small" title="Record someone this contact referred" onClick={() => open('referral')}>
        <Share2 size={15} /> Referral
      </button>
      <button type="button" className="btn small" title="Record an NPS answer" onClick={() => open('nps')}>
        <Gauge size={15} /> NPS
      </button>
    </div>
  );
}

const KIND_LABEL: Record<TimelineItem['kind'], string> = {
  interaction: 'Interaction',
  purchase: 'Purchase',
  note: 'Note',
  time: 'Time',
  followUp: 'Follow-up',
  referralMade: 'Referral made',
  referralReceived: 'Referred by',
  nps: 'NPS',
};

function ItemIcon({ item }: { item: TimelineItem }) {
  const size = 15;
  switch (item.kind) {
    case 'interaction':
      return <MessageSquare size={size} />;
    case 'purchase':
      return item.record.amount < 0 ? <HandCoins size={size} /> : <CircleDollarSign size={size} />;
    case 'note':
      return <StickyNote size={size} />;
    case 'time':
      return <Clock size={size} />;
    case 'followUp':
      return <CalendarCheck size={size} />;
    case 'referralMade':
      return <Share2 size={size} />;
    case 'referralReceived':
      return <UserPlus size={size} />;
    case 'nps':
      return <Gauge size={size} />;
  }
}

const BUCKET_LABEL = { overdue: 'Overdue', today: 'Today', upcoming: 'Upcoming', done: 'Done' } as const;

/** The one line (and the optional text under it) that says what a record was. */
function ItemSummary({ item, money, locale }: { item: TimelineItem; money: BookMoney; locale: string }) {
  switch (item.kind) {
    case 'interaction': {
      const r = item.record;
      const parts = [r.direction === 'outbound' ? 'I reached out' : 'They reached out', r.minutes > 0 ? formatMinutes(r.minutes) : null].filter(Boolean);
      return (
        <>
          <div className="tl-title">
            <strong>
              {CHANNEL_LABELS[r.channel]}
              {r.channel === 'social' && r.network ? ` · ${r.network}` : ''}
            </strong>
            <span className="muted">{parts.join(' · ')}</span>
            {r.cost > 0 && <span className="muted num">cost {money.format(r.cost)}</span>}
            {r.sentiment && <span className={`badge sentiment-${r.sentiment}`}>{SENTIMENT_LABELS[r.sentiment]}</span>}
          </div>
          {r.note && <div className="tl-body">{r.note}</div>}
        </>
      );
    }
    case 'purchase': {
      const r = item.record;
      return (
        <div className="tl-title">
          <strong>{r.amount < 0 ? 'Refund' : 'Purchase'}</strong>
          {r.description && <span>{r.description}</span>}
        </div>
      );
    }
    case 'note':
      return <div className="tl-body first">{item.record.body}</div>;
    case 'time': {
      const r = item.record;
      return (
        <>
          <div className="tl-title">
            <strong className="num">{formatMinutes(r.minutes)}</strong>
            <span className="muted">spent{r.activity ? ` on ${r.activity}` : ''}</span>
          </div>
          {r.note && <div className="tl-body">{r.note}</div>}
        </>
      );
    }
    case 'followUp': {
      const r = item.record;
      const due = new Intl.DateTimeFormat(locale, r.dueTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(r.dueAt);
      return (
        <>
          <div className="tl-title">
            <strong>{r.title}</strong>
            <span className={`badge bucket-${r.bucket}`}>{BUCKET_LABEL[r.bucket]}</span>
            {r.doneAt !== null && <span className="muted">was due {due}</span>}
          </div>
          {r.note && <div className="tl-body">{r.note}</div>}
        </>
      );
    }
    case 'referralMade':
    case 'referralReceived': {
      const r = item.record;
      const made = item.kind === 'referralMade';
      const otherId = made ? r.referredId : r.referrerId;
      const otherName = made ? r.referredName : r.referrerName;
      return (
        <>
          <div className="tl-title">
            <strong>
              {made ? 'Referred ' : 'Referred by '}
              {otherId !== null ? <Link href={`/contacts/${otherId}`}>{otherName}</Link> : otherName}
            </strong>
            <span className="badge">{r.status === 'pending' ? 'Pending' : r.status === 'converted' ? 'Converted' : 'Lost'}</span>
            {/* Only a converted referral calls for a thank-you (pending and lost ones do not). */}
            {made && r.status === 'converted' && <span className="muted">{r.thanked ? 'thanked' : 'not thanked yet'}</span>}
          </div>
          {r.notes && <div className="tl-body">{r.notes}</div>}
        </>
      );
    }
    case 'nps': {
      const r = item.record;
      const group = npsGroup(r.score);
      return (
        <>
          <div className="tl-title">
            <strong>
              NPS <span className={`nps-score ${group}`}>{r.score}</span>
            </strong>
            <span className="muted">{group}</span>
          </div>
          {r.note && <div className="tl-body">{r.note}</div>}
        </>
      );
    }
  }
}

function TimelineRow({ item, money, locale, onEdit, onDelete }: { item: TimelineItem; money: BookMoney; locale: string; onEdit(): void; onDelete(): void }) {
  // A follow-up due on a day (no time) is dated by the day alone.
  const dayOnly = item.kind === 'followUp' && item.record.doneAt === null && item.record.dueTime === null;
  const when = new Intl.DateTimeFormat(locale, dayOnly ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }).format(item.at);
  const label = KIND_LABEL[item.kind];
  return (
    <li className={`tl-item kind-${item.kind}`} data-kind={item.kind}>
      <span className="tl-icon" aria-hidden="true">
        <ItemIcon item={item} />
      </span>
      <div className="tl-main">
        <ItemSummary item={item} money={money} locale={locale} />
      </div>
      <span className={`tl-amount num${item.kind === 'purchase' && item.record.amount < 0 ? ' negative' : ''}`}>{item.kind === 'purchase' ? money.format(item.record.amount) : null}</span>
      <time className="tl-when num" dateTime={new Date(item.at).toISOString()}>
        {when}
      </time>
      <div className="tl-actions">
        <button type="button" className="icon-btn" aria-label={`Edit ${label.toLowerCase()}`} title="Edit" onClick={onEdit}>
          <Pencil size={14} />
        </button>
        <button type="button" className="icon-btn" aria-label={`Delete ${label.toLowerCase()}`} title="Move to the trash" onClick={onDelete}>
          <Trash2 size={14} />
        </button>
      </div>
    </li>
  );
}

/** Items grouped under their month, newest first. */
function groupByMonth(items: TimelineItem[], locale: string): { key: string; label: string; items: TimelineItem[] }[] {
  const fmt = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' });
  const groups: { key: string; label: string; items: TimelineItem[] }[] = [];
  for (const item of items) {
    const d = new Date(item.at);
    const key = `${d.getFullYear()}-${d.getMonth()}`;
    const last = groups.at(-1);
    if (last?.key === key) last.items.push(item);
    else groups.push({ key, label: fmt.format(d), items: [item] });
  }
  return groups;
}

/** On a live contact's page: the quick actions, the stay-in-touch state, and one timeline of everything. */
export function ContactRecords({ contact }: { contact: Contact }) {
  const contactId = contact.id;
  const state = useTimelineStore((s) => (s.contactId === contactId ? s : null));
  const load = useTimelineStore((s) => s.load);
  const loadMore = useTimelineStore((s) => s.loadMore);
  const refresh = useTimelineStore((s) => s.refresh);
  const remove = useTimelineStore((s) => s.remove);
  const hasMore = useTimelineStore(timelineSelectors.hasMore);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const money = useBookMoney();
  const locale = useBookLocale();

  useEffect(() => {
    void load(contactId);
  }, [contactId, load]);

  useEffect(
    () =>
      api().on('changed', (e) => {
        if (e.area !== 'settings') void refresh();
      }),
    [refresh],
  );

  // Single keys open the forms, unless a dialog is already open.
  const quiet = () => {
    const ui = useUiStore.getState();
    return ui.recordEditor !== null || ui.editor !== null || ui.paletteOpen;
  };
  const hotkey = (kind: RecordKind) => () => {
    if (!quiet()) openRecordEditor({ kind, contactId, id: null });
  };
  useHotkeys('l', hotkey('interaction'), { preventDefault: true }, [contactId]);
  useHotkeys('p', hotkey('purchase'), { preventDefault: true }, [contactId]);
  useHotkeys('o', hotkey('note'), { preventDefault: true }, [contactId]);

  const items = useMemo(() => state?.items ?? [], [state?.items]);
  const groups = useMemo(() => groupByMonth(items, locale), [items, locale]);

  return (
    <section className="records" aria-label="Timeline">
      <QuickActions contact={contact} />
      {state && <CadenceLine contact={contact} lastInteractionAt={state.lastInteractionAt} now={state.readAt} locale={locale} />}
      {state?.error && (
        <div className="form-error" role="alert">
          {state.error.message}
        </div>
      )}
      {state && !state.loading && items.length === 0 && !state.error && (
        <div className="tl-empty">
          <Users size={18} aria-hidden="true" />
          <span>
            Nothing on the timeline yet. Press <kbd>L</kbd> to log a call or a visit, <kbd>P</kbd> for a purchase, <kbd>O</kbd> for a note.
          </span>
        </div>
      )}
      {groups.map((g) => (
        <div key={g.key} className="tl-group">
          <h3 className="tl-month">{g.label}</h3>
          <ol className="timeline">
            {g.items.map((item) => (
              <TimelineRow
                key={`${item.kind}-${item.record.id}`}
                item={item}
                money={money}
                locale={locale}
                onEdit={() => openRecordEditor({ kind: EDITOR_OF[item.kind], contactId, id: item.record.id })}
                onDelete={() => void remove(item)}
              />
            ))}
          </ol>
        </div>
      ))}
      {state && hasMore && (
        <button type="button" className="btn small tl-more" disabled={state.loading} onClick={() => void loadMore()}>
          Show more ({state.total - items.length} older)
        </button>
      )}
    </section>
  );
}
