import { RotateCcw, Trash } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { Avatar } from '../components/avatar';
import { EmptyState } from '../components/empty-state';
import { useTrashStore } from '../store/trash-store';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function TrashView() {
  const rows = useTrashStore((s) => s.rows);
  const total = useTrashStore((s) => s.total);
  const load = useTrashStore((s) => s.load);
  const restore = useTrashStore((s) => s.restore);
  const purge = useTrashStore((s) => s.purge);
  const [confirming, setConfirming] = useState<number | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Trash</h1>
          <p>Deleted contacts wait here until you restore them or delete them for good.</p>
        </div>
      </div>
      {total === 0 ? (
        <EmptyState icon={<Trash size={30} />} title="The trash is empty">
          When you delete a contact it comes here first, so a slip of the finger is never final.
        </EmptyState>
      ) : (
        <table className="table" aria-label="Contacts in the trash">
          <thead>
            <tr>
              <th>Name</th>
              <th>Deleted</th>
              <th className="sr-only">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <div style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
                    <Avatar name={row.name} kind={row.kind} />
                    <Link href={`/contacts/${row.id}`}>{row.name}</Link>
                  </div>
                </td>
                <td className="muted">{row.deletedAt !== null ? when.format(row.deletedAt) : ''}</td>
                <td className="actions">
                  {confirming === row.id ? (
                    <>
                      <span className="muted" style={{ marginRight: 8 }}>
                        Delete {row.name} for good?
                      </span>
                      <button type="button" className="btn small danger" onClick={() => void purge(row.id, row.name).then(() => setConfirming(null))}>
                        Delete for good
                      </button>{' '}
                      <button type="button" className="btn small" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <>
                      <button type="button" className="btn small" onClick={() => void restore(row.id)} aria-label={`Restore ${row.name}`}>
                        <RotateCcw size={14} /> Restore
                      </button>{' '}
                      <button type="button" className="btn small ghost danger" onClick={() => setConfirming(row.id)} aria-label={`Delete ${row.name} for good`}>
                        Delete for good
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
