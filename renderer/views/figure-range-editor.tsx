import { X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ApiError, FigureRange, FigureSort } from '../../shared/contract/index';
import { AmountField } from '../components/amount-field';
import type { FigureFormat } from './contact-list-figures';
import { FieldError, invalidProps, useFieldErrors } from './records/record-dialog';

/** Each figure as the range editor names it, with the unit its bounds are typed in. */
const FIGURES: { by: FigureSort; label: string; unit: (f: FigureFormat) => string }[] = [
  { by: 'return', label: 'Return', unit: (f) => f.money.currency ?? '' },
  { by: 'ror', label: 'ROR', unit: () => 'ratio' },
  { by: 'returnPerHour', label: 'Return per hour', unit: (f) => `${f.money.currency ?? ''}/h` },
  { by: 'hours', label: 'Hours logged', unit: () => 'hours' },
  { by: 'lastContact', label: 'Days since last contact', unit: () => 'days' },
];

const isMoney = (by: FigureSort) => by === 'return' || by === 'returnPerHour';

/** A plain number typed in the owner's way: "1.5", "1,5", "2". */
function parseNumber(text: string): number | null {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) || /^-?\.\d+$/.test(t) ? Number(t) : null;
}

function boundText(by: FigureSort, value: number | undefined, f: FigureFormat): string {
  if (value === undefined) return '';
  if (isMoney(by)) return f.money.format(Math.round(value));
  if (by === 'ror') return String(Math.round(value * 100) / 100);
  return String(value);
}

/**
 * A custom range over one figure, both ends optional and included. Bounds that are not numbers are
 * caught here; the back end's refusals (the lower end above the upper) show beside their field.
 */
export function FigureRangeEditor({
  format,
  range,
  error,
  onApply,
  onClose,
}: {
  format: FigureFormat;
  range: FigureRange | null;
  error: ApiError | null;
  onApply(range: FigureRange | null): void;
  onClose(): void;
}) {
  const [by, setBy] = useState<FigureSort>(range?.by ?? 'ror');
  // The bounds as first shown: a bound left as it was keeps its exact value ("below 1" shows as 1).
  const [initial] = useState(() => ({ min: boundText(range?.by ?? 'ror', range?.min, format), max: boundText(range?.by ?? 'ror', range?.max, format) }));
  const [min, setMin] = useState(initial.min);
  const [max, setMax] = useState(initial.max);
  const [local, setLocal] = useState<ApiError | null>(null);
  const [tried, setTried] = useState(0);
  const money = isMoney(by);
  const minReading = format.money.read(min);
  const maxReading = format.money.read(max);
  const backEnd = useFieldErrors(error);
  const localErrors = useFieldErrors(local);
  const errors = new Map<string, string>();
  for (const key of ['min', 'max']) {
    const message = localErrors.get(key) ?? backEnd.get(`figure.${key}`);
    if (message) errors.set(key, message);
  }
  const firstRef = useRef<HTMLSelectElement | null>(null);
  useEffect(() => firstRef.current?.focus(), []);
  const figure = FIGURES.find((f) => f.by === by) ?? FIGURES[0]!;

  const apply = () => {
    setTried((n) => n + 1);
    // An amount that does not read never becomes a bound: its box says why.
    if (money && [minReading, maxReading].some((r) => !r.ok && !r.empty)) return;
    const issues: { field: string; message: string }[] = [];
    const read = (field: 'min' | 'max', text: string): number | undefined => {
      if (text.trim() === '') return undefined;
      if (range && by === range.by && text === initial[field]) return range[field];
      if (money) {
        const reading = field === 'min' ? minReading : maxReading;
        return reading.ok ? reading.minor : undefined;
      }
      const value = parseNumber(text);
      if (value === null) {
        issues.push({ field, message: 'Enter a number, such as 1.5' });
        return undefined;
      }
      return value;
    };
    const lo = read('min', min);
    const hi = read('max', max);
    if (issues.length > 0) return setLocal({ code: 'invalid_input', message: issues[0]!.message, issues });
    setLocal(null);
    if (lo === undefined && hi === undefined) return onApply(null);
    onApply({ by, ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) });
  };

  return (
    <form
      className="figure-range"
      aria-label="Custom figure range"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="field">
        <label htmlFor="range-by">Figure</label>
        <select
          id="range-by"
          ref={firstRef}
          className="select"
          value={by}
          onChange={(e) => {
            setBy(e.target.value as FigureSort);
            setMin('');
            setMax('');
            setLocal(null);
          }}
        >
          {FIGURES.map((f) => (
            <option key={f.by} value={f.by}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {(['min', 'max'] as const).map((field) => {
        const label = (
          <>
            {field === 'min' ? 'At least' : 'At most'} <span className="faint">({figure.unit(format)})</span>
          </>
        );
        const value = field === 'min' ? min : max;
        const setValue = field === 'min' ? setMin : setMax;
        return (
          <div className="field" key={field}>
            {money ? (
              <AmountField
                id={`range-${field}`}
                field={field}
                label={label}
                className="input"
                value={value}
                onChange={setValue}
                reading={field === 'min' ? minReading : maxReading}
                describe={(minor) => `Means ${format.money.format(minor)}`}
                error={errors.get(field)}
                tried={tried}
                placeholder="no limit"
              />
            ) : (
              <>
                <label htmlFor={`range-${field}`}>{label}</label>
                <input id={`range-${field}`} data-field={field} className="input" inputMode="decimal" placeholder="no limit" value={value} onChange={(e) => setValue(e.target.value)} {...invalidProps(field, errors)} />
                <FieldError field={field} errors={errors} />
              </>
            )}
          </div>
        );
      })}
      <div className="range-actions">
        <button type="submit" className="btn primary small">
          Apply
        </button>
        <button type="button" className="icon-btn" aria-label="Close the range editor" onClick={onClose}>
          <X size={16} />
        </button>
      </div>
      <p className="field-hint wide">Both ends are included; leave one empty for no limit. A contact never contacted counts as long ago.</p>
    </form>
  );
}
