import {
  CalendarCheck,
  CircleDollarSign,
  Clock,
  Gauge,
  HandCoins,
  MessageSquare,
  RotateCcw,
  Share2,
  StickyNote,
  Trash,
  Trash2,
  UserRound,
} from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { TRASH_KIND_LABELS, type TrashItem } from '../../shared/contract/index';
import { api } from '../api/client';
import { EmptyState } from '../components/empty-state';
import { useBookLocale, useBookMoney, type BookMoney } from '../format';
import { TRASH_PAGE, useTrashStore } from '../store/trash-store';
import './trash.css';
import { ExportMenu } from './data/export-menu';


function KindIcon({ item }: { item: TrashItem }) {
  const size = 16;
  switch (item.kind) {
    case 'contact':
      return <UserRound size={size} />;
    case 'interaction':
      return <MessageSquare size={size} />;
    case 'purchase':
      return (item.amount ?? 0) < 0 ? <HandCoins size={size} /> : <CircleDollarSign size={size} />;
    case 'note':
      return <StickyNote size={size} />;
    case 'timeEntry':
      return <Clock size={size} />;
    case 'followUp':
      return <CalendarCheck size={size} />;
    case 'referral':
      return <Share2 size={size} />;
    case 'nps':
      return <Gauge size={size} />;
  }
}

const keyOf = (item: TrashItem) => `${item.kind}:${item.id}`;

function TrashRow({ item, money, when, confirming, onConfirm }: { item: TrashItem; money: BookMoney; when: Intl.DateTimeFormat; confirming: boolean; onConfirm(on: boolean): void }) {
  const restore = useTrashStore((s) => s.restore);
  const purge = useTrashStore((s) => s.purge);
  const [busy, setBusy] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);
  const run = (action: () => Promise<unknown>) => {
    setBusy(true);
    void action().finally(() => setBusy(false));
  };
  return (
    <tr data-kind={item.kind}>
      <td>
        <div className="trash-item">
          <span className="trash-icon" aria-hidden="true" title={TRASH_KIND_LABELS[item.kind]}>
            <KindIcon item={item} />
          </span>
          <div className="trash-what">
            {item.kind === 'contact' ? (
              <Link href={`/contacts/${item.id}`}>{item.label}</Link>
            ) : (
              <span title={item.label}>{item.label}</span>
            )}
            <span className="muted small">{TRASH_KIND_LABELS[item.kind]}</span>
          </div>
        </div>
      </td>
      <td className="nowrap">
        {item.kind !== 'contact' && item.contactId !== null ? <Link href={`/contacts/${item.contactId}`}>{item.contactName}</Link> : <span className="muted">—</span>}
      </td>
      <td className={`num trash-amount${(item.amount ?? 0) < 0 ? ' negative' : ''}`}>{item.amount !== null ? money.format(item.amount) : ''}</td>
      <td className="muted num nowrap">{when.format(item.deletedAt)}</td>
      <td className="actions">
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Delete ${item.label} for good?`}>
            <span className="muted" title="This cannot be undone">
              Delete for good?
            </span>{' '}
            <button type="button" className="btn small danger" disabled={busy} onClick={() => run(() => purge(item))}>
              Delete for good
            </button>{' '}
            <button type="button" className="btn small" ref={keep} onClick={() => onConfirm(false)} onKeyDown={(e) => e.key === 'Escape' && onConfirm(false)}>
              Keep
            </button>
          </span>
        ) : (
          <>
            <button type="button" className="btn small" disabled={busy} onClick={() => run(() => restore(item))} aria-label={`Restore ${item.label}`}>
              <RotateCcw size={14} /> Restore
            </button>{' '}
            <button type="button" className="btn small ghost danger" onClick={() => onConfirm(true)} aria-label={`Delete ${item.label} for good`}>
              Delete for good
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function EmptyTrashButton({ total }: { total: number }) {
  const empty = useTrashStore((s) => s.empty);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);
  const count = total === 1 ? '1 item' : `${total.toLocaleString()} items`;
  if (!confirming) {
    return (
      <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
        <Trash2 size={16} /> Empty trash
      </button>
    );
  }
  return (
    <div className="trash-confirm" role="group" aria-label="Empty the trash?">
      <span>
        Delete all {count} for good? This cannot be undone.
      </span>
      <button
        type="button"
        className="btn danger"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void empty().finally(() => {
            setBusy(false);
            setConfirming(false);
          });
        }}
      >
        Delete {count}
      </button>
      <button type="button" className="btn" ref={keep} onClick={() => setConfirming(false)} onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
        Keep
      </button>
    </div>
  );
}

export function TrashView() {
  const items = useTrashStore((s) => s.items);
  const total = useTrashStore((s) => s.total);
  const error = useTrashStore((s) => s.error);
  const load = useTrashStore((s) => s.load);
  const money = useBookMoney();
  const locale = useBookLocale();
  const when = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale]);
  const [confirming, setConfirming] = useState<string | null>(null);

  useEffect(() => {
    void load();
    // Something was deleted, restored or undone elsewhere (a toast's Undo, another window): show it.
    return api().on('changed', (e) => {
      if (e.area !== 'settings' && e.area !== 'timer') void load();
    });
  }, [load]);

  return (
    <div className="page">
      <div className="page-header">
        <div style={{ flex: 1 }}>
          <h1>Trash</h1>
          <p>Deleted contacts, interactions, purchases, notes, time, follow-ups, referrals and NPS answers wait here until you restore them or delete them for good.</p>
        </div>
        {total ? (
          <ExportMenu choices={[{ kind: 'csv', label: 'The trash (CSV)', hint: 'What is in the trash, for a spreadsheet', request: () => ({ method: 'export.csv', input: { list: 'trash' } }) }]} />
        ) : null}
        {total ? <EmptyTrashButton total={total} /> : null}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      {total === 0 ? (
        <EmptyState icon={<Trash size={30} />} title="The trash is empty">
          When you delete a contact or a record it comes here first, so a slip of the finger is never final.
        </EmptyState>
      ) : total === null ? null : (
        <>
          <table className="table trash-table" aria-label="Items in the trash">
            <thead>
              <tr>
                <th>What</th>
                <th>Contact</th>
                <th className="num trash-amount">Amount</th>
                <th>Deleted</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <TrashRow
                  key={keyOf(item)}
                  item={item}
                  money={money}
                  when={when}
                  confirming={confirming === keyOf(item)}
                  onConfirm={(on) => setConfirming(on ? keyOf(item) : null)}
                />
              ))}
            </tbody>
          </table>
          {total > items.length && (
            <p className="muted small">
              Showing the {TRASH_PAGE.toLocaleString()} most recently deleted of {total.toLocaleString()}; restore or delete some to see the rest.
            </p>
          )}
        </>
      )}
    </div>
  );
}
