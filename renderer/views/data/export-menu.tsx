import { CalendarPlus, ChevronDown, Contact as ContactIcon, Download, FileSpreadsheet, type LucideIcon } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { TaskProgress } from '../../components/progress-bar';
import { EXPORT_TASK, useExportStore, type ExportRequest } from '../../store/export-store';
import './export-menu.css';

/** One thing a list can be exported as. */
export interface ExportChoice {
  /** What the menu says: "CSV for a spreadsheet". */
  label: string;
  /** One line under it: what the file holds. */
  hint: string;
  kind: 'csv' | 'vcard' | 'ics';
  /** Built when chosen, so it carries the list's filter of that moment. */
  request: () => ExportRequest;
}

const ICONS: Record<ExportChoice['kind'], LucideIcon> = { csv: FileSpreadsheet, vcard: ContactIcon, ics: CalendarPlus };

/**
 * The Export button of a list screen: one choice is a plain button; several open a small menu
 * (arrow keys move, Escape closes and gives the focus back). The file is saved as a download.
 */
export function ExportMenu({ choices, label = 'Export', up = false, small = false }: { choices: ExportChoice[]; label?: string; up?: boolean; small?: boolean }) {
  const run = useExportStore((s) => s.run);
  const running = useExportStore((s) => s.running);
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const buttonRef = useRef<HTMLButtonElement | null>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    rootRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const choose = (choice: ExportChoice) => {
    setOpen(false);
    void run(choice.request(), `Exporting ${choice.label.toLowerCase()}`);
  };
  const btnClass = `btn${small ? ' small' : ''}`;

  if (choices.length === 1) {
    const only = choices[0]!;
    const Icon = ICONS[only.kind];
    return (
      <button type="button" className={btnClass} disabled={running !== null} onClick={() => choose(only)} title={only.hint}>
        <Icon size={15} aria-hidden="true" /> {label} {only.kind === 'csv' ? 'CSV' : only.kind === 'vcard' ? 'vCards' : 'calendar'}
      </button>
    );
  }

  const onMenuKey = (e: React.KeyboardEvent) => {
    const items = [...(rootRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className={`export-menu${up ? ' up' : ''}`} ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={btnClass}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={running !== null}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        <Download size={15} aria-hidden="true" /> {running ? 'Exporting…' : label} <ChevronDown size={14} aria-hidden="true" />
      </button>
      {open && (
        <div className="export-menu-list" role="menu" id={menuId} aria-label={label} onKeyDown={onMenuKey}>
          {choices.map((choice) => {
            const Icon = ICONS[choice.kind];
            return (
              <button key={choice.label} type="button" role="menuitem" onClick={() => choose(choice)}>
                <span className="label">
                  <Icon size={15} aria-hidden="true" /> {choice.label}
                </span>
                <span className="hint">{choice.hint}</span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** The bar of an export under way (nothing otherwise). */
export function ExportProgress() {
  return <TaskProgress task={EXPORT_TASK} label="Export progress" />;
}
