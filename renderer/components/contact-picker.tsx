import { useEffect, useId, useState } from 'react';
import type { ContactRow } from '../../shared/contract/index';
import { api } from '../api/client';
import { Avatar } from './avatar';

/** Search-as-you-type over live contacts; Enter or a click picks one. */
export function ContactPicker({
  id,
  label,
  onPick,
  invalid,
  describedBy,
  autoFocus,
}: {
  id: string;
  label: string;
  onPick: (contact: ContactRow) => void;
  invalid?: boolean;
  describedBy?: string | undefined;
  autoFocus?: boolean;
}) {
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<ContactRow[]>([]);
  const [active, setActive] = useState(0);
  const listId = useId();

  useEffect(() => {
    let live = true;
    const handle = setTimeout(() => {
      void api()
        .call('contacts.list', { query, sort: query.trim() ? 'relevance' : 'name', limit: 6 })
        .then((result) => {
          if (live && result.ok) {
            setRows(result.value.rows);
            setActive(0);
          }
        });
    }, 80);
    return () => {
      live = false;
      clearTimeout(handle);
    };
  }, [query]);

  return (
    <div className="time-picker">
      <input
        id={id}
        className="input"
        role="combobox"
        aria-label={label}
        aria-expanded={rows.length > 0}
        aria-controls={listId}
        aria-activedescendant={rows[active] ? `${listId}-${rows[active].id}` : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        autoFocus={autoFocus}
        placeholder="Type a name…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(rows.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter' && rows[active]) {
            e.preventDefault();
            e.stopPropagation();
            onPick(rows[active]);
          }
        }}
      />
      <ul className="time-picker-list" role="listbox" id={listId} aria-label={`${label}: matches`}>
        {rows.map((row, i) => (
          <li
            key={row.id}
            id={`${listId}-${row.id}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => setActive(i)}
            onClick={() => onPick(row)}
          >
            <Avatar name={row.name} kind={row.kind} />
            <span className="time-picker-name">{row.name}</span>
            {row.businessName && <span className="faint">{row.businessName}</span>}
          </li>
        ))}
        {rows.length === 0 && <li className="time-picker-empty">{query.trim() ? 'No contact matches' : 'No contacts yet'}</li>}
      </ul>
    </div>
  );
}
