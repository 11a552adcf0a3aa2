import { useState } from 'react';
import type { ApiError, Settings } from '../../shared/contract/index';
import { currencyExponent } from '../../shared/domain/money';
import { directReturn, ratio, referralCredit, timeCost } from '../../shared/scoring/index';
import { AmountField } from '../components/amount-field';
import { useBookMoney, type BookMoney } from '../format';
import { SCORING_KEYS, settingsSelectors, useSettingsStore, type ScoringKey } from '../store/settings-store';
import { toast } from '../store/toast-store';
import { FieldError, invalidProps, useFieldErrors } from './records/record-dialog';
import './scoring-settings.css';

/** The windows offered in one click; anything else is a custom number of days. */
const WINDOWS = [
  { id: 'all', label: 'All time', days: null },
  { id: '90', label: 'Last 90 days', days: 90 },
  { id: '365', label: 'Last 365 days', days: 365 },
  { id: 'custom', label: 'Custom', days: undefined },
] as const;
type WindowChoice = (typeof WINDOWS)[number]['id'];

const FIELD_NAMES: Record<ScoringKey, string> = {
  hourlyRate: 'hourly rate',
  grossMarginPct: 'margin',
  referralSharePct: 'referral share',
  windowDays: 'window',
};

/** A whole number typed in a box ("40", "40 %", "12,5"); anything else stays text for the back end to refuse. */
function numberOrText(text: string): number | string {
  const t = text.trim().replace(/\s*%$/, '').replace(/\s/g, '');
  const dotted = t.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(dotted) ? Number(dotted) : text.trim();
}

function windowChoice(days: number | null): WindowChoice {
  return days === null ? 'all' : days === 90 ? '90' : days === 365 ? '365' : 'custom';
}

/** Settings' "Your time and returns": the hourly rate, margin, referral share and window every figure uses. */
export function ScoringSettings() {
  const settings = useSettingsStore((s) => s.settings);
  const key = useSettingsStore(settingsSelectors.scoringKey);
  const money = useBookMoney();
  if (!settings) return null;
  // A saved change (here or in another window) starts the form again from the book's values.
  return <ScoringForm key={`${key}|${money.currency ?? ''}|${money.locale}`} settings={settings} money={money} />;
}

function ScoringForm({ settings, money }: { settings: Settings; money: BookMoney }) {
  const updateScoring = useSettingsStore((s) => s.updateScoring);
  const progress = useSettingsStore((s) => s.updatingFigures);
  const [rate, setRate] = useState(() => money.format(settings.hourlyRate));
  const [margin, setMargin] = useState(String(settings.grossMarginPct));
  const [share, setShare] = useState(String(settings.referralSharePct));
  const [choice, setChoice] = useState<WindowChoice>(windowChoice(settings.windowDays));
  const [customDays, setCustomDays] = useState(settings.windowDays === null ? '' : String(settings.windowDays));
  const [error, setError] = useState<ApiError | null>(null);
  const [tried, setTried] = useState(0);
  const errors = useFieldErrors(error);
  const rateReading = money.read(rate);

  // What each box says, read as the back end will get it: a number, or the text as typed.
  const typed: Record<ScoringKey, unknown> = {
    hourlyRate: rateReading.ok ? rateReading.minor : rate.trim(),
    grossMarginPct: numberOrText(margin),
    referralSharePct: numberOrText(share),
    windowDays: choice === 'custom' ? numberOrText(customDays) : (WINDOWS.find((w) => w.id === choice)?.days ?? null),
  };
  const patch: Partial<Record<ScoringKey, unknown>> = {};
  for (const k of SCORING_KEYS) if (typed[k] !== settings[k]) patch[k] = typed[k];
  const changed = Object.keys(patch) as ScoringKey[];
  const saving = progress !== null;

  const save = async () => {
    if (changed.length === 0 || saving) return;
    setTried((n) => n + 1);
    // A rate that does not read as an amount never leaves the form: its box says why.
    if (!rateReading.ok && !rateReading.empty) return;
    const result = await updateScoring(patch);
    if (!result.ok) return setError(result.error);
    setError(null);
    const what = changed.map((k) => FIELD_NAMES[k]);
    const list = what.length > 1 ? `${what.slice(0, -1).join(', ')} and ${what.at(-1)}` : what[0];
    toast(`Saved the ${list}; every figure is up to date`);
  };

  const unmatched = error && !(error.issues ?? []).some((i) => (SCORING_KEYS as readonly string[]).includes(i.field)) && !(error.field && (SCORING_KEYS as readonly string[]).includes(error.field));

  return (
    <section className="card scoring-settings" aria-labelledby="scoring">
      <h2 id="scoring">Your time and returns</h2>
      <p className="muted" style={{ margin: 0 }}>
        These turn your records into figures: what you put into each relationship (your time and costs) against what it brings back. Changing one updates every
        figure in the book.
      </p>
      <form
        className="scoring-form"
        noValidate
        aria-busy={saving}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {unmatched && (
          <div className="form-error wide" role="alert">
            {error.message}
          </div>
        )}
        <div className="field">
          <AmountField
            id="field-hourlyRate"
            field="hourlyRate"
            label={<>Hourly rate {money.currency && <span className="faint">({money.currency})</span>}</>}
            className="input money"
            value={rate}
            onChange={setRate}
            reading={rateReading}
            describe={(minor) => `Your hour is worth ${money.format(minor)}`}
            error={errors.get('hourlyRate')}
            tried={tried}
            hint="What one hour of your time is worth: time you log is costed at this rate."
          />
        </div>
        <div className="field">
          <label htmlFor="field-grossMarginPct">Gross margin</label>
          <span className="with-suffix">
            <input
              id="field-grossMarginPct"
              data-field="grossMarginPct"
              className="input pct"
              inputMode="numeric"
              autoComplete="off"
              value={margin}
              onChange={(e) => setMargin(e.target.value)}
              aria-describedby={errors.has('grossMarginPct') ? 'err-grossMarginPct' : 'hint-grossMarginPct'}
              {...(errors.has('grossMarginPct') ? { 'aria-invalid': true } : {})}
            />
            <span aria-hidden="true">%</span>
          </span>
          <FieldError field="grossMarginPct" errors={errors} />
          <span className="field-hint" id="hint-grossMarginPct">
            The share of each sale you keep once the goods are paid for. 100 % if you sell your own time.
          </span>
        </div>
        <div className="field">
          <label htmlFor="field-referralSharePct">Referral share</label>
          <span className="with-suffix">
            <input
              id="field-referralSharePct"
              data-field="referralSharePct"
              className="input pct"
              inputMode="numeric"
              autoComplete="off"
              value={share}
              onChange={(e) => setShare(e.target.value)}
              aria-describedby={errors.has('referralSharePct') ? 'err-referralSharePct' : 'hint-referralSharePct'}
              {...(errors.has('referralSharePct') ? { 'aria-invalid': true } : {})}
            />
            <span aria-hidden="true">%</span>
          </span>
          <FieldError field="referralSharePct" errors={errors} />
          <span className="field-hint" id="hint-referralSharePct">
            Share of a referred customer&apos;s return credited to whoever referred them, and so on up the chain.
          </span>
        </div>
        <Example typed={typed} money={money} />
        <div className="field wide">
          <span className="field-label" id="label-windowDays">
            Which records count
          </span>
          <div className="window-row">
          <div className="segmented" role="radiogroup" aria-labelledby="label-windowDays" data-field="windowDays">
            {WINDOWS.map((w) => (
              <button key={w.id} type="button" role="radio" aria-checked={choice === w.id} aria-pressed={choice === w.id} onClick={() => setChoice(w.id)}>
                {w.label}
              </button>
            ))}
          </div>
          {choice === 'custom' && (
            <span className="with-suffix">
              <input
                id="field-windowDays"
                className="input days"
                inputMode="numeric"
                autoComplete="off"
                aria-label="Number of days"
                placeholder="180"
                value={customDays}
                onChange={(e) => setCustomDays(e.target.value)}
                {...invalidProps('windowDays', errors)}
              />
              <span aria-hidden="true">days</span>
            </span>
          )}
          </div>
          <FieldError field="windowDays" errors={errors} />
          <span className="field-hint">Every figure counts everything, or only the records of the last days up to today.</span>
        </div>
        <div className="actions wide">
          <button type="submit" className="btn primary" disabled={changed.length === 0 || saving}>
            Save
          </button>
          {saving ? (
            <span className="updating" role="status">
              Updating figures…
              {progress.total > 0 && <progress max={progress.total} value={progress.done} aria-label="Figures updated" />}
            </span>
          ) : (
            changed.length > 0 && <span className="faint">Saving updates every figure.</span>
          )}
        </div>
      </form>
    </section>
  );
}

/** One worked line with the values as typed: what they mean for a customer. */
function Example({ typed, money }: { typed: Record<ScoringKey, unknown>; money: BookMoney }) {
  const { hourlyRate: h, grossMarginPct: m, referralSharePct: a } = typed;
  if (typeof h !== 'number' || typeof m !== 'number' || typeof a !== 'number' || h < 0 || m < 0 || m > 100 || a < 0 || a > 99 || ![h, m, a].every(Number.isInteger)) {
    return <p className="example faint">The example comes back once every value above is valid.</p>;
  }
  const unit = 10 ** (money.currency ? currencyExponent(money.currency) : 2);
  const spent = 200 * unit;
  const ret = directReturn(spent, m);
  const r = ratio(ret, timeCost(120, h));
  return (
    <p className="example" aria-live="polite">
      For example, a customer who spends {money.format(spent)} and takes 2 hours of your time brings {money.format(ret)} back
      {r === null ? '' : `, a ROR of ${new Intl.NumberFormat(money.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(r)}`}. If they send a friend who does the same, they are credited {money.format(referralCredit(ret, a))} more.
    </p>
  );
}
