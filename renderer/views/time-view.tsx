import { addDays, format, isSameDay, parseISO } from 'date-fns';
import { ChevronLeft, ChevronRight, Clock, Pencil, Play, Plus, Trash } from 'lucide-react';
import { useEffect } from 'react';
import { Link } from 'wouter';
import type { TimeEntry, Timesheet } from '../../shared/contract/index';
import { api } from '../api/client';
import { EmptyState } from '../components/empty-state';
import { hmm, mondayOf, useTimeStore } from '../store/time-store';
import { useTimerStore } from '../store/timer-store';
import { useUiStore } from '../store/ui-store';
import { ExportMenu } from './data/export-menu';
import './time.css';

const weekdayShort = (date: Date) => format(date, 'EEE');
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const entryWhen = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** A cell of the timesheet: h:mm, or a faint dash for nothing. */
function Cell({ minutes, strong = false }: { minutes: number; strong?: boolean }) {
  if (minutes === 0) return <span className="faint">–</span>;
  return strong ? <strong>{hmm(minutes)}</strong> : <>{hmm(minutes)}</>;
}

function weekTitle(weekStart: string): string {
  const monday = parseISO(weekStart);
  const sunday = addDays(monday, 6);
  return `${dayMonth.format(monday)} – ${dayMonth.format(sunday)} ${format(sunday, 'yyyy')}`;
}

function DayBars({ sheet }: { sheet: Timesheet }) {
  const max = Math.max(60, ...sheet.dayTotals);
  const today = new Date();
  return (
    <div className="day-bars" role="img" aria-label={`Minutes per day: ${sheet.days.map((d, i) => `${weekdayShort(parseISO(d))} ${hmm(sheet.dayTotals[i] ?? 0)}`).join(', ')}`}>
      {sheet.days.map((d, i) => {
        const minutes = sheet.dayTotals[i] ?? 0;
        const date = parseISO(d);
        return (
          <div key={d} className={`day-bar${isSameDay(date, today) ? ' today' : ''}`}>
            <span className="day-bar-value">{minutes ? hmm(minutes) : ''}</span>
            <span className="day-bar-track">
              <span className="day-bar-fill" style={{ height: `${(minutes / max) * 100}%` }} />
            </span>
            <span className="day-bar-label">{weekdayShort(date)}</span>
          </div>
        );
      })}
    </div>
  );
}

function TimesheetTable({ sheet }: { sheet: Timesheet }) {
  const today = new Date();
  return (
    <div className="timesheet-wrap">
      <table className="table timesheet">
        <caption className="sr-only">Time per contact or activity, Monday to Sunday</caption>
        <thead>
          <tr>
            <th scope="col">Contact or activity</th>
            {sheet.days.map((d) => {
              const date = parseISO(d);
              return (
                <th key={d} scope="col" className={`num${isSameDay(date, today) ? ' today' : ''}`}>
                  {weekdayShort(date)} <span className="faint">{format(date, 'd')}</span>
                </th>
              );
            })}
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {sheet.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">
                {row.contactId !== null ? <Link href={`/contacts/${row.contactId}`}>{row.label}</Link> : <span className="activity-label">{row.label}</span>}
              </th>
              {row.days.map((m, i) => (
                <td key={i} className="num">
                  <Cell minutes={m} />
                </td>
              ))}
              <td className="num">
                <Cell minutes={row.total} strong />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {sheet.dayTotals.map((m, i) => (
              <td key={i} className="num" data-day={sheet.days[i]}>
                <Cell minutes={m} strong />
              </td>
            ))}
            <td className="num week-total">
              <Cell minutes={sheet.total} strong />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function EntryList({ entries }: { entries: TimeEntry[] }) {
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const remove = useTimeStore((s) => s.remove);
  return (
    <table className="table entries">
      <caption className="sr-only">Time entries this week, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">On</th>
          <th scope="col" className="num">
            Time
          </th>
          <th scope="col">Note</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const what = e.contactName ?? e.activity;
          return (
            <tr key={e.id}>
              <td className="when">{entryWhen.format(e.startedAt)}</td>
              <td>
                {e.contactId !== null ? <Link href={`/contacts/${e.contactId}`}>{what}</Link> : what}
                {e.source && <span className="tag source-tag">{e.source}</span>}
              </td>
              <td className="num">{hmm(e.minutes)}</td>
              <td className="note-cell muted">{e.note}</td>
              <td className="actions">
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={`Edit ${hmm(e.minutes)} on ${what}`}
                  onClick={() => openRecordEditor({ kind: 'timeEntry', contactId: e.contactId, id: e.id })}
                >
                  <Pencil size={15} />
                </button>
                <button type="button" className="icon-btn" aria-label={`Delete ${hmm(e.minutes)} on ${what}`} onClick={() => void remove(e)}>
                  <Trash size={15} />
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Time: the week as a timesheet, per contact and per activity, with the entries behind it. */
export function TimeView() {
  const weekStart = useTimeStore((s) => s.weekStart);
  const sheet = useTimeStore((s) => s.sheet);
  const error = useTimeStore((s) => s.error);
  const load = useTimeStore((s) => s.load);
  const shift = useTimeStore((s) => s.shift);
  const thisWeek = useTimeStore((s) => s.thisWeek);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const running = useTimerStore((s) => s.timer !== null);
  const isThisWeek = weekStart === mondayOf(new Date());

  useEffect(() => {
    void load();
    return api().on('changed', (e) => {
      if (e.area === 'records' || e.area === 'timer' || e.area === 'contacts') void load();
    });
  }, [load]);

  // [ and ] step through the weeks, as in a calendar; not while typing or with a dialog open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      if (e.key === '[') void shift(-1);
      else if (e.key === ']') void shift(1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shift]);

  const addTime = () => openRecordEditor({ kind: 'timeEntry', contactId: null, id: null });
  const startTimer = () => document.querySelector<HTMLButtonElement>('.timer-start')?.click();

  return (
    <div className="page time-page">
      <div className="page-header">
        <div style={{ flex: 1 }}>
          <h1>Time</h1>
          <p>Where your hours went: on each customer, and on the channels that bring new ones.</p>
        </div>
        <ExportMenu
          choices={[
            { kind: 'csv', label: 'This week (CSV)', hint: `Every entry of the week of ${weekTitle(weekStart)}`, request: () => ({ method: 'export.csv', input: { list: 'timeEntries', weekStart } }) },
            { kind: 'csv', label: 'All time (CSV)', hint: 'Every time entry you recorded, newest first', request: () => ({ method: 'export.csv', input: { list: 'timeEntries' } }) },
          ]}
        />
        <button type="button" className="btn primary" onClick={addTime}>
          <Plus size={16} /> Add time
        </button>
      </div>
      <div className="week-nav" role="group" aria-label="Week">
        <button type="button" className="icon-btn" aria-label="Previous week" title="Previous week ([)" onClick={() => void shift(-1)}>
          <ChevronLeft size={18} />
        </button>
        <h2 className="week-title" aria-live="polite">
          {weekTitle(weekStart)}
        </h2>
        <button type="button" className="icon-btn" aria-label="Next week" title="Next week (])" onClick={() => void shift(1)}>
          <ChevronRight size={18} />
        </button>
        <button type="button" className="btn small" disabled={isThisWeek} onClick={() => void thisWeek()}>
          This week
        </button>
        <span className="spacer" />
        {sheet && sheet.total > 0 && (
          <span className="week-sum">
            <span className="muted">Week total</span> <strong>{hmm(sheet.total)}</strong>
          </span>
        )}
      </div>
      {error && (
        <div className="form-error" role="alert">
          {error.message}
        </div>
      )}
      {sheet && sheet.total === 0 && (
        <EmptyState
          icon={<Clock size={28} />}
          title={isThisWeek ? 'No time recorded this week' : 'No time recorded that week'}
          action={
            <div className="empty-actions">
              <button type="button" className="btn primary" onClick={addTime}>
                <Plus size={16} /> Add time
              </button>
              {!running && (
                <button type="button" className="btn" onClick={startTimer}>
                  <Play size={14} /> Start the timer
                </button>
              )}
            </div>
          }
        >
          Time is what you invest in each relationship. Run the timer (top bar, or <kbd>Shift</kbd> <kbd>T</kbd>) while you work for a customer or post
          for a channel, or add time by hand; the week adds up here, per day and per contact or activity.
        </EmptyState>
      )}
      {sheet && sheet.total > 0 && (
        <>
          <section className="card time-card" aria-label="Timesheet">
            <TimesheetTable sheet={sheet} />
            <DayBars sheet={sheet} />
          </section>
          <section className="card time-card" aria-labelledby="entries-title">
            <h3 id="entries-title">Entries</h3>
            <EntryList entries={sheet.entries} />
          </section>
        </>
      )}
      <p className="faint keys-hint">
        <kbd>[</kbd> <kbd>]</kbd> previous and next week
      </p>
    </div>
  );
}
