import { useVirtualizer } from '@tanstack/react-virtual';
import { Search, UserPlus, Users } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { useLocation } from 'wouter';
import { STAGES, type ContactRow } from '../../shared/contract/index';
import { Avatar } from '../components/avatar';
import { EmptyState } from '../components/empty-state';
import { STAGE_LABELS, StageBadge } from '../components/stage-badge';
import { contactSelectors, useContactsStore, type ContactSort } from '../store/contacts-store';
import { useUiStore } from '../store/ui-store';

const ROW_HEIGHT = 56;

function RowContent({ row }: { row: ContactRow }) {
  const sub = [row.businessName, row.email, row.phone].filter(Boolean).join(' · ');
  return (
    <>
      <Avatar name={row.name} kind={row.kind} />
      <div style={{ minWidth: 0 }}>
        <div className="name">{row.name}</div>
        <div className="sub">{sub || (row.kind === 'business' ? 'Business' : '\u00a0')}</div>
      </div>
      <div className="meta">
        {row.tags.slice(0, 2).map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        {row.tags.length > 2 && <span className="tag">+{row.tags.length - 2}</span>}
        <StageBadge stage={row.stage} />
      </div>
    </>
  );
}

function Toolbar({ searchRef, onEnterList }: { searchRef: React.RefObject<HTMLInputElement | null>; onEnterList: () => void }) {
  const filters = useContactsStore((s) => s.filters);
  const facets = useContactsStore((s) => s.facets);
  const setFilters = useContactsStore((s) => s.setFilters);
  return (
    <div className="toolbar" role="search">
      <div className="search">
        <Search size={16} aria-hidden="true" />
        <input
          ref={searchRef}
          className="input"
          type="search"
          aria-label="Search contacts"
          placeholder="Search names, companies, emails, phones, tags, notes…"
          value={filters.query}
          onChange={(e) => setFilters({ query: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault();
              onEnterList();
            } else if (e.key === 'Escape' && filters.query) {
              e.preventDefault();
              setFilters({ query: '' });
            }
          }}
        />
      </div>
      <select className="select" aria-label="Filter by stage" value={filters.stage ?? ''} onChange={(e) => setFilters({ stage: (e.target.value || null) as typeof filters.stage })}>
        <option value="">All stages</option>
        {STAGES.map((s) => (
          <option key={s} value={s}>
            {STAGE_LABELS[s]}
          </option>
        ))}
      </select>
      <select className="select" aria-label="Filter by tag" value={filters.tag ?? ''} onChange={(e) => setFilters({ tag: e.target.value || null })}>
        <option value="">All tags</option>
        {facets?.tags.map((t) => (
          <option key={t.name} value={t.name}>
            {t.name} ({t.count.toLocaleString()})
          </option>
        ))}
      </select>
      <select className="select" aria-label="Filter by source" value={filters.source ?? ''} onChange={(e) => setFilters({ source: e.target.value || null })}>
        <option value="">All sources</option>
        {facets?.sources.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name} ({s.count.toLocaleString()})
          </option>
        ))}
      </select>
      <select
        className="select"
        aria-label="Sort"
        value={`${filters.sort}:${filters.direction}`}
        onChange={(e) => {
          const [sort, direction] = e.target.value.split(':') as [ContactSort, 'asc' | 'desc'];
          setFilters({ sort, direction });
        }}
      >
        <option value="name:asc">Name A–Z</option>
        <option value="name:desc">Name Z–A</option>
        <option value="updated:desc">Recently changed</option>
        <option value="created:desc">Newest first</option>
        <option value="created:asc">Oldest first</option>
      </select>
    </div>
  );
}

export function ContactList({ selectedId }: { selectedId: number | null }) {
  const total = useContactsStore((s) => s.total);
  const rows = useContactsStore((s) => s.rows);
  const ensureRows = useContactsStore((s) => s.ensureRows);
  const listError = useContactsStore((s) => s.listError);
  const filtered = useContactsStore(contactSelectors.isFiltered);
  const resetFilters = useContactsStore((s) => s.resetFilters);
  const openEditor = useUiStore((s) => s.openEditor);
  const [, navigate] = useLocation();
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (total) ensureRows(first, last);
  }, [first, last, total, rows, ensureRows]);

  useHotkeys(
    '/',
    (e) => {
      e.preventDefault();
      searchRef.current?.focus();
    },
    { useKey: true },
  );

  const selectedIndex = (() => {
    if (selectedId === null) return -1;
    for (const [index, row] of rows) if (row.id === selectedId) return index;
    return -1;
  })();

  const moveTo = (index: number) => {
    if (total === null || total === 0) return;
    const clamped = Math.max(0, Math.min(total - 1, index));
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
    const row = rows.get(clamped);
    if (row) navigate(`/contacts/${row.id}`, { replace: true });
    else ensureRows(clamped, clamped);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, j: 1, k: -1 };
    if (e.key in moves) {
      e.preventDefault();
      moveTo((selectedIndex < 0 ? -1 : selectedIndex) + (moves[e.key] ?? 0) + (selectedIndex < 0 && (moves[e.key] ?? 0) < 0 ? 1 : 0));
    } else if (e.key === 'Home') {
      e.preventDefault();
      moveTo(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      moveTo((total ?? 1) - 1);
    } else if (e.key === 'Enter' && selectedId !== null) {
      e.preventDefault();
      document.getElementById('contact-detail')?.focus();
    }
  };

  const summary =
    total === null ? 'Loading…' : `${total.toLocaleString()} ${total === 1 ? 'contact' : 'contacts'}${filtered ? ' match' : ''}`;

  return (
    <section className="list-pane" aria-label="Contacts list">
      <Toolbar
        searchRef={searchRef}
        onEnterList={() => {
          scrollRef.current?.focus();
          if (selectedIndex < 0) moveTo(0);
        }}
      />
      <div className="list-summary" aria-live="polite">
        <span>{summary}</span>
        {filtered && (
          <button type="button" className="btn small ghost" onClick={resetFilters}>
            Clear filters
          </button>
        )}
      </div>
      {listError && (
        <div className="banner" role="alert">
          {listError.message}
        </div>
      )}
      {total === 0 && !filtered ? (
        <EmptyState
          icon={<Users size={30} />}
          title="Your people live here"
          action={
            <button type="button" className="btn primary" onClick={() => openEditor({ mode: 'create', kind: 'person' })}>
              <UserPlus size={16} /> Add your first contact
            </button>
          }
        >
          Customers, clients, the friends who send them to you, and the businesses they work for. Add one to start; press <kbd>N</kbd> any time.
        </EmptyState>
      ) : total === 0 ? (
        <EmptyState icon={<Search size={30} />} title="No one matches" action={<button type="button" className="btn" onClick={resetFilters}>Clear the search and filters</button>}>
          Try fewer letters, or another filter.
        </EmptyState>
      ) : (
        <div
          ref={scrollRef}
          className="list-scroll"
          tabIndex={0}
          role="listbox"
          aria-label="Contacts"
          aria-activedescendant={selectedIndex >= 0 ? `contact-row-${selectedIndex}` : undefined}
          onKeyDown={onKeyDown}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows.get(item.index);
              return (
                <div
                  key={item.key}
                  id={`contact-row-${item.index}`}
                  className="contact-row"
                  role="option"
                  aria-selected={row !== undefined && row.id === selectedId}
                  style={{ transform: `translateY(${item.start}px)` }}
                  onClick={() => row && navigate(`/contacts/${row.id}`)}
                >
                  {row ? (
                    <RowContent row={row} />
                  ) : (
                    <>
                      <span className="avatar" />
                      <div className="row-skeleton" />
                      <span />
                    </>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
