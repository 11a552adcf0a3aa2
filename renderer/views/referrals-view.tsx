import { ArrowRight, Check, GitFork, Pencil, Plus, Trash, UserPlus } from 'lucide-react';
import { useEffect } from 'react';
import { Link } from 'wouter';
import { REFERRAL_STATUSES, type Referral } from '../../shared/contract/index';
import { api } from '../api/client';
import { EmptyState } from '../components/empty-state';
import { referralSelectors, STATUS_LABELS, useReferralsStore, type StatusFilter } from '../store/referrals-store';
import { useUiStore } from '../store/ui-store';
import { ExportMenu } from './data/export-menu';
import { ReferralStatusBadge, useConvert } from './referral-tree';
import './referrals.css';

const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const FILTERS: StatusFilter[] = ['all', ...REFERRAL_STATUSES];

function Stat({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="stat" title={hint}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

function ReferredCell({ r }: { r: Referral }) {
  return r.referredId !== null ? (
    <Link href={`/contacts/${r.referredId}`}>{r.referredName}</Link>
  ) : (
    <span title="Not a contact yet">
      {r.referredName} <span className="faint">(not a contact yet)</span>
    </span>
  );
}

/** The Referrals screen: every referral, newest first, with what it brought and who still needs a thank-you. */
export function ReferralsView() {
  const items = useReferralsStore((s) => s.items);
  const total = useReferralsStore((s) => s.total);
  const counts = useReferralsStore((s) => s.counts);
  const filter = useReferralsStore((s) => s.filter);
  const listError = useReferralsStore((s) => s.listError);
  const setFilter = useReferralsStore((s) => s.setFilter);
  const loadList = useReferralsStore((s) => s.loadList);
  const markThanked = useReferralsStore((s) => s.markThanked);
  const remove = useReferralsStore((s) => s.remove);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const { start, dialog } = useConvert();

  useEffect(() => {
    void loadList();
    return api().on('changed', (e) => {
      if (e.area === 'referrals' || e.area === 'contacts') void loadList();
    });
  }, [loadList]);

  const add = () => openRecordEditor({ kind: 'referral', contactId: null, id: null });
  const rate = referralSelectors.conversionRate(counts);

  if (counts && counts.total === 0) {
    return (
      <div className="page">
        <EmptyState
          icon={<GitFork size={30} />}
          title="Referrals: your warmest leads"
          action={
            <button type="button" className="btn primary" onClick={add}>
              <Plus size={15} /> Record a referral
            </button>
          }
        >
          Someone a customer sends you arrives already trusting you: a referral is a pre-qualified lead, and the people they bring often bring others. Record who
          sent whom, follow each one to a sale, and thank the people who send them, so they keep doing it.
        </EmptyState>
        {dialog}
      </div>
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <div style={{ flex: 1 }}>
          <h1>Referrals</h1>
          <p>Who sends you whom, what came of it, and who still needs a thank-you.</p>
        </div>
        <ExportMenu
          choices={[
            {
              kind: 'csv',
              label: filter === 'all' ? 'Every referral (CSV)' : `${STATUS_LABELS[filter]} referrals (CSV)`,
              hint: 'The referrals this list shows, for a spreadsheet',
              request: () => ({ method: 'export.csv', input: { list: 'referrals', ...(filter === 'all' ? {} : { status: filter }) } }),
            },
          ]}
        />
        <button type="button" className="btn primary" onClick={add}>
          <Plus size={15} /> New referral
        </button>
      </div>
      {counts && (
        <div className="stats" aria-label="Referral figures">
          <Stat label="referrals" value={String(counts.total)} hint="Every referral recorded" />
          <Stat label="converted" value={String(counts.converted)} hint="Referred people who became customers" />
          <Stat
            label="conversion rate"
            value={rate === null ? '—' : `${rate} %`}
            hint={`Converted out of all referrals: ${counts.converted} of ${counts.total} (${counts.pending} still pending)`}
          />
          <Stat label="not yet thanked" value={String(counts.notThanked)} hint="Converted referrals whose referrer has not been thanked yet" />
        </div>
      )}
      <div className="tabs" role="tablist" aria-label="Filter by status">
        {FILTERS.map((f) => (
          <button key={f} type="button" role="tab" aria-selected={filter === f} className="tab" onClick={() => setFilter(f)}>
            {f === 'all' ? 'All' : STATUS_LABELS[f]}
            {counts && <span className="tab-count">{f === 'all' ? counts.total : counts[f]}</span>}
          </button>
        ))}
      </div>
      {listError && (
        <div className="form-error" role="alert">
          {listError.message}
        </div>
      )}
      {total === 0 ? (
        <p className="muted">No {filter === 'all' ? '' : STATUS_LABELS[filter as Referral['status']].toLowerCase()} referrals.</p>
      ) : (
        <table className="table referrals-table" aria-label="Referrals, newest first">
          <thead>
            <tr>
              <th>Who sent whom</th>
              <th>Date</th>
              <th>Status</th>
              <th>Thanked</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>
                  <span className="who-sent">
                    <Link href={`/contacts/${r.referrerId}`}>{r.referrerName}</Link>
                    <ArrowRight size={14} aria-label="referred" className="faint" />
                    <ReferredCell r={r} />
                  </span>
                  {r.notes && <div className="faint referral-note">{r.notes}</div>}
                </td>
                <td className="num">{day.format(r.referredAt)}</td>
                <td>
                  <ReferralStatusBadge status={r.status} />
                </td>
                <td>
                  {r.thanked ? (
                    <span className="muted" title={r.thankedAt ? `Thanked on ${day.format(r.thankedAt)}` : undefined}>
                      <Check size={13} /> {r.thankedAt ? day.format(r.thankedAt) : 'yes'}
                    </span>
                  ) : r.status === 'converted' ? (
                    <span className="not-thanked">not thanked yet</span>
                  ) : (
                    <span className="faint">no</span>
                  )}
                </td>
                <td className="actions">
                  {!r.thanked && (
                    <button type="button" className="btn ghost small" onClick={() => void markThanked(r.id)}>
                      <Check size={13} /> Mark thanked
                    </button>
                  )}
                  {r.status === 'pending' && (
                    <button type="button" className="btn ghost small" onClick={() => start({ id: r.id, name: r.referredName, contactId: r.referredId, referrerId: r.referrerId })}>
                      <UserPlus size={13} /> Convert
                    </button>
                  )}
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Edit the referral of ${r.referredName} by ${r.referrerName}`}
                    title="Edit"
                    onClick={() => openRecordEditor({ kind: 'referral', contactId: null, id: r.id })}
                  >
                    <Pencil size={15} />
                  </button>
                  <button type="button" className="icon-btn" aria-label={`Delete the referral of ${r.referredName} by ${r.referrerName}`} title="Move to the trash" onClick={() => void remove(r.id)}>
                    <Trash size={15} />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total !== null && total > items.length && <p className="faint">Showing the newest {items.length} of {total}.</p>}
      {dialog}
    </div>
  );
}
