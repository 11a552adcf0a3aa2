import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, Search, SlidersHorizontal, Users, X } from 'lucide-react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { useLocation } from 'wouter';
import { STAGES, type ContactRow, type FigureRange, type FigureSort } from '../../shared/contract/index';
import { Avatar } from '../components/avatar';
import { EmptyState } from '../components/empty-state';
import { FirstContactActions } from '../components/first-contact-actions';
import { STAGE_LABELS, StageBadge } from '../components/stage-badge';
import { useBookMoney } from '../format';
import { contactSelectors, useContactsStore, watchContactList, type ContactFilters, type ContactSort } from '../store/contacts-store';
import {
  FIGURE_HINTS,
  FIGURE_LABELS,
  SORT_OPTIONS,
  directionLabel,
  figureCell,
  figureFormat,
  figurePresets,
  isFigureSort,
  rangeLabel,
  sameRange,
  type FigureFormat,
} from './contact-list-figures';
import { FigureRangeEditor } from './figure-range-editor';
import './contact-list.css';

const ROW_HEIGHT = 56;
/** From this list width the row shows its figure columns; below it, only the figure it is sorted or filtered by. */
const WIDE = 540;
/** From this width the stage has its own column beside the figures (below, it sits in the second line). */
const ROOMY = 720;
/** From this width the tags come back too. */
const WIDER = 900;

/** Where a row shows its stage: its own column, that column with the tags, or inline in the second line. */
type Meta = 'stage' | 'tags' | 'inline';
const META_WIDTH: Record<Meta, string> = { stage: '80px', tags: '230px', inline: '' };

const COLUMN_WIDTH: Record<FigureSort, string> = {
  return: '92px',
  ror: '50px',
  returnPerHour: '84px',
  hours: '50px',
  lastContact: '92px',
};

/** The figure columns a row shows at this width. */
function figureColumns(filters: ContactFilters, wide: boolean): FigureSort[] {
  const active: FigureSort[] = [];
  if (isFigureSort(filters.sort)) active.push(filters.sort);
  if (filters.figure && !active.includes(filters.figure.by)) active.push(filters.figure.by);
  if (!wide) return active.slice(0, 1);
  const columns: FigureSort[] = ['return', 'ror', 'hours', 'lastContact'];
  if (active.includes('returnPerHour')) columns.splice(2, 0, 'returnPerHour');
  return columns;
}

/** The list pane's width, followed as the window or the detail pane changes it. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver((entries) => setWidth(entries[0]?.contentRect.width ?? el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

function RowContent({ row, columns, meta, format, now }: { row: ContactRow; columns: FigureSort[]; meta: Meta; format: FigureFormat; now: number }) {
  const sub = [row.businessName, row.email, row.phone].filter(Boolean).join(' · ');
  return (
    <>
      <Avatar name={row.name} kind={row.kind} />
      <div style={{ minWidth: 0 }}>
        <div className="name">{row.name}</div>
        <div className="sub">
          {meta === 'inline' && <StageBadge stage={row.stage} />}
          {sub || (row.kind === 'business' ? 'Business' : '\u00a0')}
        </div>
      </div>
      {columns.map((by) => {
        const cell = figureCell(by, row.figures, format, now);
        return (
          <span key={by} className={`fig fig-${by}${cell.tone ? ` ${cell.tone}` : ''}`} title={cell.title} data-figure={by}>
            {cell.text}
          </span>
        );
      })}
      {meta !== 'inline' && (
        <div className="meta">
          {meta === 'tags' && row.tags.slice(0, 2).map((t) => (
            <span key={t} className="tag">
              {t}
            </span>
          ))}
          {meta === 'tags' && row.tags.length > 2 && <span className="tag">+{row.tags.length - 2}</span>}
          <StageBadge stage={row.stage} />
        </div>
      )}
    </>
  );
}

/** Column headers above the rows: each figure's name, its explanation on hover, a click sorts by it. */
function ColumnHeader({ columns, meta }: { columns: FigureSort[]; meta: boolean }) {
  const filters = useContactsStore((s) => s.filters);
  const sortBy = useContactsStore((s) => s.sortBy);
  const header = (sort: ContactSort, label: string, title: string, className: string) => {
    const active = filters.sort === sort;
    const Arrow = filters.direction === 'asc' ? ArrowUp : ArrowDown;
    return (
      <button
        type="button"
        className={`column${active ? ' active' : ''} ${className}`}
        title={title}
        aria-label={`Sort by ${label}${active ? ` (${directionLabel(sort, filters.direction).toLowerCase()}; press to reverse)` : ''}`}
        aria-pressed={active}
        onClick={() => sortBy(sort)}
      >
        {active && className.startsWith('fig') && <Arrow size={12} aria-hidden="true" />}
        {label}
        {active && !className.startsWith('fig') && <Arrow size={12} aria-hidden="true" />}
      </button>
    );
  };
  return (
    <div className="list-columns contact-row-grid" aria-label="Columns" role="group">
      <span />
      {header('name', 'Name', 'Sort by name', 'name-col')}
      {columns.map((by) => (
        <span key={by} className="fig-head">
          {header(by, FIGURE_LABELS[by], FIGURE_HINTS[by], `fig fig-${by}`)}
        </span>
      ))}
      {meta && <span />}
    </div>
  );
}

function Toolbar({
  searchRef,
  onEnterList,
  format,
  editingRange,
  onEditRange,
}: {
  searchRef: React.RefObject<HTMLInputElement | null>;
  onEnterList: () => void;
  format: FigureFormat;
  editingRange: boolean;
  onEditRange(open: boolean): void;
}) {
  const filters = useContactsStore((s) => s.filters);
  const facets = useContactsStore((s) => s.facets);
  const setFilters = useContactsStore((s) => s.setFilters);
  const sortBy = useContactsStore((s) => s.sortBy);
  const toggleDirection = useContactsStore((s) => s.toggleDirection);
  const presets = useMemo(() => figurePresets(format.money), [format.money]);
  const preset = filters.figure ? presets.find((p) => sameRange(p.range, filters.figure)) : undefined;
  const figureValue = filters.figure === null ? '' : (preset?.id ?? 'custom');
  const direction = directionLabel(filters.sort, filters.direction);
  const DirectionIcon = filters.direction === 'asc' ? ArrowUp : ArrowDown;
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
      <select className="select basic-filter" aria-label="Filter by stage" value={filters.stage ?? ''} onChange={(e) => setFilters({ stage: (e.target.value || null) as typeof filters.stage })}>
        <option value="">All stages</option>
        {STAGES.map((s) => (
          <option key={s} value={s}>
            {STAGE_LABELS[s]}
          </option>
        ))}
      </select>
      <select className="select basic-filter" aria-label="Filter by tag" value={filters.tag ?? ''} onChange={(e) => setFilters({ tag: e.target.value || null })}>
        <option value="">All tags</option>
        {facets?.tags.map((t) => (
          <option key={t.name} value={t.name}>
            {t.name} ({t.count.toLocaleString()})
          </option>
        ))}
      </select>
      <select className="select basic-filter" aria-label="Filter by source" value={filters.source ?? ''} onChange={(e) => setFilters({ source: e.target.value || null })}>
        <option value="">All sources</option>
        {facets?.sources.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name} ({s.count.toLocaleString()})
          </option>
        ))}
      </select>
      <div className="toolbar-figures">
        <select
          className="select figure-filter"
          aria-label="Filter by figures"
          value={figureValue}
          onChange={(e) => {
            const value = e.target.value;
            if (value === 'edit') return onEditRange(true);
            const chosen = presets.find((p) => p.id === value);
            setFilters({ figure: chosen?.range ?? null });
          }}
        >
          <option value="">Any figures</option>
          {presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          {figureValue === 'custom' && filters.figure && <option value="custom">{rangeLabel(filters.figure, format)}</option>}
          <option value="edit">{editingRange ? 'Custom range (open below)' : 'Custom range…'}</option>
        </select>
        <div className="sort-group">
          <select
            className="select sort"
            aria-label="Sort by"
            value={filters.sort}
            onChange={(e) => sortBy(e.target.value as ContactSort)}
          >
            {SORT_OPTIONS.map((o) => (
              <option key={o.sort} value={o.sort}>
                {o.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn direction"
            aria-label={`Order: ${direction.toLowerCase()}. Press to reverse`}
            title="Reverse the order"
            onClick={toggleDirection}
          >
            <DirectionIcon size={14} aria-hidden="true" /> {direction}
          </button>
        </div>
      </div>
    </div>
  );
}

export function ContactList({ selectedId }: { selectedId: number | null }) {
  const total = useContactsStore((s) => s.total);
  const rows = useContactsStore((s) => s.rows);
  const filters = useContactsStore((s) => s.filters);
  const ensureRows = useContactsStore((s) => s.ensureRows);
  const refresh = useContactsStore((s) => s.refresh);
  const setFilters = useContactsStore((s) => s.setFilters);
  const listError = useContactsStore((s) => s.listError);
  const filtered = useContactsStore(contactSelectors.isFiltered);
  const resetFilters = useContactsStore((s) => s.resetFilters);
  const money = useBookMoney();
  const format = figureFormat(money);
  const [, navigate] = useLocation();
  const paneRef = useRef<HTMLElement | null>(null);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const [editingRange, setEditingRange] = useState(false);
  const width = useWidth(paneRef);
  const wide = width >= WIDE;
  const columns = figureColumns(filters, wide);
  const meta: Meta = columns.length === 0 || width >= WIDER ? 'tags' : width >= ROOMY || !wide ? 'stage' : 'inline';
  const gridStyle = {
    '--row-cols': `36px minmax(0, 1fr) ${columns.map((c) => COLUMN_WIDTH[c]).join(' ')} ${META_WIDTH[meta]}`,
  } as React.CSSProperties;
  const now = Date.now();
  const presets = useMemo(() => figurePresets(money), [money]);
  const figureFilterLabel = filters.figure ? (presets.find((p) => sameRange(p.range, filters.figure))?.label ?? rangeLabel(filters.figure, format)) : '';

  // Figures change with every write and every scoring setting: refresh what is on screen, and
  // catch up on whatever changed while the list was not shown.
  useEffect(() => {
    refresh();
    return watchContactList();
  }, [refresh]);

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
    <section ref={paneRef} className="list-pane" aria-label="Contacts list" style={gridStyle}>
      <Toolbar
        searchRef={searchRef}
        format={format}
        editingRange={editingRange}
        onEditRange={setEditingRange}
        onEnterList={() => {
          scrollRef.current?.focus();
          if (selectedIndex < 0) moveTo(0);
        }}
      />
      {editingRange && (
        <FigureRangeEditor
          format={format}
          range={filters.figure}
          error={listError}
          onApply={(range: FigureRange | null) => setFilters({ figure: range })}
          onClose={() => setEditingRange(false)}
        />
      )}
      <div className="list-summary" aria-live="polite">
        <span>{summary}</span>
        {filters.figure && !editingRange && (
          <button type="button" className="btn small ghost figure-chip" onClick={() => setEditingRange(true)} title="Change this range">
            <SlidersHorizontal size={13} aria-hidden="true" /> <span>{figureFilterLabel}</span>
          </button>
        )}
        {filters.figure && !editingRange && (
          <button type="button" className="icon-btn" aria-label="Remove the figure filter" onClick={() => setFilters({ figure: null })}>
            <X size={13} />
          </button>
        )}
        {filtered && (
          <button type="button" className="btn small ghost" onClick={resetFilters}>
            Clear filters
          </button>
        )}
      </div>
      {listError && !editingRange && (
        <div className="banner" role="alert">
          {listError.message}
        </div>
      )}
      {total === 0 && !filtered ? (
        <EmptyState
          icon={<Users size={30} />}
          title="Your people live here"
          action={
            <FirstContactActions />
          }
        >
          Customers, clients, the friends who send them to you, and the businesses they work for. Add one to start (press <kbd>N</kbd> any time), or bring
          them in from Google Contacts, Outlook or a phone as a CSV or vCard file.
        </EmptyState>
      ) : total === 0 ? (
        <EmptyState icon={<Search size={30} />} title="No one matches" action={<button type="button" className="btn" onClick={resetFilters}>Clear the search and filters</button>}>
          Try fewer letters, or another filter.
        </EmptyState>
      ) : (
        <>
          {columns.length > 0 && <ColumnHeader columns={columns} meta={meta !== 'inline'} />}
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
                    className={`contact-row${columns.length > 0 ? ' contact-row-grid' : ''}`}
                    role="option"
                    aria-selected={row !== undefined && row.id === selectedId}
                    style={{ transform: `translateY(${item.start}px)` }}
                    onClick={() => row && navigate(`/contacts/${row.id}`)}
                  >
                    {row ? (
                      <RowContent row={row} columns={columns} meta={meta} format={format} now={now} />
                    ) : (
                      <>
                        <span className="avatar" />
                        <div className="row-skeleton" />
                        {columns.map((c) => (
                          <span key={c} />
                        ))}
                        {meta !== 'inline' && <span />}
                      </>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
