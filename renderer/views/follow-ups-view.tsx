import { addDays, differenceInCalendarDays, setHours, startOfDay } from 'date-fns';
import { AlarmClock, CalendarClock, Pencil, Plus, Repeat, Trash2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { Link } from 'wouter';
import type { FollowUp } from '../../shared/contract/index';
import { EmptyState } from '../components/empty-state';
import { followUpSelectors, formatDay, formatDayOf, useFollowUpsStore, type Section } from '../store/follow-ups-store';
import { useUiStore } from '../store/ui-store';
import { ExportMenu, ExportProgress } from './data/export-menu';
import './follow-ups.css';

const HOUR = 3_600_000;

const localDate = (dueDate: string): Date => {
  const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
};

const formatTime = (at: number): string => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(at);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "today at 15:30", "tomorrow", "3 days overdue", "in 5 days": the words for when it is due. */
export function dueWords(f: FollowUp, now: number): string {
  const days = differenceInCalendarDays(localDate(f.dueDate), now);
  const at = f.dueTime ? ` at ${formatTime(f.dueAt)}` : '';
  if (days < 0) return `${plural(-days, 'day')} overdue`;
  if (days === 0) return `today${at}`;
  if (days === 1) return `tomorrow${at}`;
  if (days < 7) return `in ${days} days${at}`;
  return `${formatDay(f.dueDate)}${at}`;
}

/** "15:30" later today, else "Wed, 09:00". */
function snoozeWords(until: number, now: number): string {
  return differenceInCalendarDays(until, now) === 0 ? formatTime(until) : `${formatDayOf(until)}, ${formatTime(until)}`;
}

/** The snooze choices: later today, tomorrow morning, next week. */
export function snoozeChoices(now: number): { label: string; until: number }[] {
  const tomorrow9 = setHours(addDays(startOfDay(now), 1), 9).getTime();
  const nextWeek9 = setHours(addDays(startOfDay(now), 7), 9).getTime();
  return [
    { label: `Later today (${formatTime(now + 3 * HOUR)})`, until: now + 3 * HOUR },
    { label: 'Tomorrow, 09:00', until: tomorrow9 },
    { label: `Next week (${formatDayOf(nextWeek9)})`, until: nextWeek9 },
  ];
}

function SnoozeMenu({ followUp }: { followUp: FollowUp }) {
  const snooze = useFollowUpsStore((s) => s.snooze);
  const [choices, setChoices] = useState<{ label: string; until: number }[] | null>(null);
  const open = choices !== null;
  const setOpen = (o: boolean) => setChoices(o ? snoozeChoices(Date.now()) : null);
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div
      className="menu-anchor"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          ref.current?.querySelector<HTMLElement>('button')?.focus();
        } else if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
          e.preventDefault();
          const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
          const i = items.indexOf(document.activeElement as HTMLElement);
          items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
        }
      }}
    >
      <button
        type="button"
        className="icon-btn"
        aria-label={`Snooze ${followUp.title}`}
        title="Snooze"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <AlarmClock size={16} />
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={`Snooze ${followUp.title} until`}>
          {(choices ?? []).map((c) => (
            <button
              key={c.label}
              type="button"
              role="menuitem"
              onClick={() => {
                setOpen(false);
                void snooze(followUp.id, c.until);
              }}
            >
              {c.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function FollowUpRow({ followUp, now }: { followUp: FollowUp; now: number }) {
  const complete = useFollowUpsStore((s) => s.complete);
  const reopen = useFollowUpsStore((s) => s.reopen);
  const remove = useFollowUpsStore((s) => s.remove);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const [busy, setBusy] = useState(false);
  const done = followUp.doneAt !== null;
  const snoozed = !done && followUp.snoozedUntil !== null && followUp.snoozedUntil > now;
  const toggle = async () => {
    if (busy) return;
    setBusy(true);
    if (done) await reopen(followUp.id);
    else await complete(followUp.id);
    setBusy(false);
  };
  const when = done
    ? `done ${formatDayOf(followUp.doneAt ?? 0)}`
    : dueWords(followUp, now);
  return (
    <li className={`follow-up-row${done ? ' done' : ''}`} data-bucket={followUp.bucket}>
      <input
        type="checkbox"
        className="follow-up-check"
        checked={done}
        disabled={busy}
        aria-label={done ? `Not done: ${followUp.title}` : `Done: ${followUp.title}`}
        onChange={() => void toggle()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void toggle();
          }
        }}
      />
      <div className="follow-up-main">
        <div className="follow-up-title">
          <span className="title">{followUp.title}</span>
          {followUp.repeatDays !== null && (
            <span className="badge repeat-badge" title={`Repeats ${followUp.repeatDays} days after it is done`}>
              <Repeat size={11} aria-hidden="true" /> every {plural(followUp.repeatDays, 'day')}
            </span>
          )}
        </div>
        <div className="follow-up-sub">
          {followUp.contactId !== null && followUp.contactName !== null && (
            <Link href={`/contacts/${followUp.contactId}`} className="contact-link">
              {followUp.contactName}
            </Link>
          )}
          <span className={`when${followUp.bucket === 'overdue' ? ' overdue' : ''}`} title={new Date(followUp.dueAt).toLocaleString()}>
            {when}
          </span>
          {snoozed && <span className="faint">snoozed until {snoozeWords(followUp.snoozedUntil ?? 0, now)}</span>}
          {followUp.note && <span className="faint note">{followUp.note}</span>}
        </div>
      </div>
      <div className="follow-up-actions">
        {!done && <SnoozeMenu followUp={followUp} />}
        <button
          type="button"
          className="icon-btn"
          aria-label={`Edit ${followUp.title}`}
          title="Edit"
          onClick={() => openRecordEditor({ kind: 'followUp', id: followUp.id, contactId: followUp.contactId })}
        >
          <Pencil size={16} />
        </button>
        <button type="button" className="icon-btn" aria-label={`Delete ${followUp.title}`} title="Move to the trash" onClick={() => void remove(followUp.id)}>
          <Trash2 size={16} />
        </button>
      </div>
    </li>
  );
}

function FollowUpSection({
  id,
  title,
  section,
  now,
  tone,
  empty,
  footer,
}: {
  id: string;
  title: string;
  section: Section;
  now: number;
  tone?: 'bad';
  empty?: string;
  footer?: React.ReactNode;
}) {
  if (section.total === 0 && !empty) return null;
  return (
    <section className="follow-up-section" aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>
        {title} <span className={`section-count${tone === 'bad' && section.total > 0 ? ' bad' : ''}`}>{section.total}</span>
      </h2>
      {section.total === 0 ? (
        <p className="muted section-empty">{empty}</p>
      ) : (
        <ul className="follow-up-list" aria-label={title}>
          {section.items.map((f) => (
            <FollowUpRow key={f.id} followUp={f} now={now} />
          ))}
        </ul>
      )}
      {footer}
    </section>
  );
}

export function FollowUpsView() {
  const load = useFollowUpsStore((s) => s.load);
  const setViewOpen = useFollowUpsStore((s) => s.setViewOpen);
  const overdue = useFollowUpsStore((s) => s.overdue);
  const today = useFollowUpsStore((s) => s.today);
  const upcoming = useFollowUpsStore((s) => s.upcoming);
  const done = useFollowUpsStore((s) => s.done);
  const loaded = useFollowUpsStore((s) => s.loaded);
  const isEmpty = useFollowUpsStore(followUpSelectors.isEmpty);
  const showMoreDone = useFollowUpsStore((s) => s.showMoreDone);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const now = useFollowUpsStore((s) => s.loadedAt);

  useEffect(() => {
    setViewOpen(true);
    void load();
    // The day turns and things fall due while the screen is open: look again every minute.
    const timer = window.setInterval(() => void load(), 60_000);
    return () => {
      window.clearInterval(timer);
      setViewOpen(false);
    };
  }, [load, setViewOpen]);

  const newFollowUp = () => openRecordEditor({ kind: 'followUp', id: null, contactId: null });
  useHotkeys('f', newFollowUp, { preventDefault: true });

  return (
    <div className="page follow-ups-page">
      <div className="page-header">
        <div style={{ flex: 1 }}>
          <h1>Follow-ups</h1>
          <p>What to do, and when: calls to return, quotes to chase, thank-yous to send.</p>
        </div>
        <ExportMenu
          choices={[
            { kind: 'csv', label: 'CSV for a spreadsheet', hint: 'Every follow-up: open ones first, then done ones', request: () => ({ method: 'export.csv', input: { list: 'followUps' } }) },
            { kind: 'ics', label: 'Calendar (.ics)', hint: 'Open follow-ups as events with a reminder, for any calendar app', request: () => ({ method: 'export.ics', input: {} }) },
          ]}
        />
        <button type="button" className="btn primary" onClick={newFollowUp} title="New follow-up (F)">
          <Plus size={16} /> New follow-up
        </button>
      </div>
      <ExportProgress />
      {!loaded ? null : isEmpty ? (
        <EmptyState
          icon={<CalendarClock size={30} />}
          title="Never forget to follow up"
          action={
            <button type="button" className="btn primary" onClick={newFollowUp}>
              <Plus size={16} /> Plan your first follow-up
            </button>
          }
        >
          Plan the next step with a customer: a call to return, a quote to chase, a thank-you for a referral. It shows here on its day, with a reminder;
          a repeating one (every 30 days…) plans the next when you tick it off. Press <kbd>F</kbd> on this screen to add one.
        </EmptyState>
      ) : (
        <div className="follow-up-sections">
          <FollowUpSection id="overdue" title="Overdue" section={overdue} now={now} tone="bad" />
          <FollowUpSection id="today" title="Today" section={today} now={now} empty="Nothing due today." />
          <FollowUpSection id="upcoming" title="Upcoming" section={upcoming} now={now} empty="Nothing planned yet." />
          <FollowUpSection
            id="done"
            title="Done"
            section={done}
            now={now}
            footer={
              done.items.length < done.total ? (
                <button type="button" className="btn small ghost show-more" onClick={() => void showMoreDone()}>
                  Show more ({done.total - done.items.length} older)
                </button>
              ) : null
            }
          />
        </div>
      )}
    </div>
  );
}
