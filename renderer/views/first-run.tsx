import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, Settings } from '../../shared/contract/index';
import { BOOK_LOCALES, closestBookLocale, localeNames, searchLocales, type BookLocale } from '../../shared/domain/locales';
import { formatMoney } from '../../shared/domain/money';
import { api } from '../api/client';
import { sampleSelectors, useSampleStore } from '../store/sample-store';
import { useSettingsStore } from '../store/settings-store';
import { FieldError, invalidProps, useFieldErrors } from './records/record-dialog';
import { SampleButtons } from './sample-card';
import './records/records.css';

/** The currencies most books use, offered first. */
const COMMON = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY', 'NZD', 'SEK', 'NOK', 'DKK', 'PLN', 'BRL', 'MXN', 'INR', 'ZAR', 'SGD', 'HKD', 'CNY'];

function allCurrencies(): string[] {
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('currency');
  } catch {
    all = [...COMMON];
  }
  const common = COMMON.filter((c) => all.includes(c));
  return [...common, ...all.filter((c) => !common.includes(c))];
}

/** A currency from its code in the owner's language: "EUR — Euro". */
function currencyName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Guesses the currency of a locale's region (fr-FR → EUR), for the first suggestion. */
function guessCurrency(locale: string): string {
  const region = (() => {
    try {
      return new Intl.Locale(locale).maximize().region ?? '';
    } catch {
      return '';
    }
  })();
  const byRegion: Record<string, string> = { US: 'USD', GB: 'GBP', CH: 'CHF', CA: 'CAD', AU: 'AUD', JP: 'JPY', NZ: 'NZD', SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', BR: 'BRL', MX: 'MXN', IN: 'INR', ZA: 'ZAR', SG: 'SGD', HK: 'HKD', CN: 'CNY' };
  const euro = ['FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'AT', 'PT', 'IE', 'FI', 'GR', 'LU', 'SK', 'SI', 'EE', 'LV', 'LT', 'MT', 'CY', 'HR'];
  return byRegion[region] ?? (euro.includes(region) ? 'EUR' : 'USD');
}

/** The locale a new book starts from: the browser's, as the nearest one offered. */
export function suggestedLocale(): BookLocale {
  return closestBookLocale(typeof navigator !== 'undefined' ? navigator.language : null) ?? 'en-US';
}

/**
 * Every offered locale with its names, built once: by language, the language's home region first
 * (so typing "French" picks France, "English" the United States), then the others by name.
 */
let namedLocales: ReturnType<typeof localeNames>[] | null = null;
function allLocales() {
  if (!namedLocales) {
    const language = (tag: string) => localeNames(closestBookLocale(tag.split('-')[0]) ?? (tag as BookLocale)).name;
    const home = (tag: BookLocale) => closestBookLocale(tag.split('-')[0]) === tag;
    namedLocales = BOOK_LOCALES.map((tag) => ({ ...localeNames(tag), language: language(tag), home: home(tag) })).sort(
      (a, b) => a.language.localeCompare(b.language, 'en') || Number(b.home) - Number(a.home) || a.name.localeCompare(b.name, 'en'),
    );
  }
  return namedLocales;
}

/** Currency and locale pickers (both searchable by typing), with a preview of how money will look. */
export function BookMoneyFields({
  currency,
  locale,
  onCurrency,
  onLocale,
  errors,
}: {
  currency: string;
  locale: BookLocale;
  onCurrency(code: string): void;
  onLocale(tag: BookLocale): void;
  errors: Map<string, string>;
}) {
  const [query, setQuery] = useState('');
  const [localeQuery, setLocaleQuery] = useState('');
  const locales = allLocales();
  const shownLocales = useMemo(() => searchLocales(localeQuery, locales), [localeQuery, locales]);
  const currencies = useMemo(() => allCurrencies(), []);
  const uiLocale = navigator.language || 'en';
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = q ? currencies.filter((c) => c.toLowerCase().includes(q) || currencyName(c, uiLocale).toLowerCase().includes(q)) : currencies;
    return list.includes(currency) || q ? list : [currency, ...list];
  }, [query, currencies, currency, uiLocale]);
  const preview = (() => {
    try {
      return `${formatMoney(123456, currency, locale)} · ${formatMoney(-1250, currency, locale)}`;
    } catch {
      return '';
    }
  })();
  return (
    <>
      <div className="field">
        <label htmlFor="field-currency">Currency</label>
        <input
          id="field-currency-search"
          aria-label="Find a currency"
          className="input"
          type="search"
          placeholder="Search: euro, USD, yen…"
          value={query}
          autoComplete="off"
          onChange={(e) => {
            setQuery(e.target.value);
            const q = e.target.value.trim().toLowerCase();
            const first = currencies.find((c) => c.toLowerCase() === q) ?? currencies.find((c) => c.toLowerCase().includes(q) || currencyName(c, uiLocale).toLowerCase().includes(q));
            if (q && first) onCurrency(first);
          }}
        />
        <select
          id="field-currency"
          data-field="currency"
          className="select currency-list"
          size={7}
          value={currency}
          onChange={(e) => onCurrency(e.target.value)}
          {...invalidProps('currency', errors)}
        >
          {shown.map((c) => (
            <option key={c} value={c}>
              {c} — {currencyName(c, uiLocale)}
            </option>
          ))}
        </select>
        <FieldError field="currency" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="field-locale">Language and region for numbers and dates</label>
        <input
          id="field-locale-search"
          aria-label="Find a language and region"
          aria-controls="field-locale"
          className="input"
          type="search"
          placeholder="Search: Deutsch, Switzerland, India…"
          value={localeQuery}
          autoComplete="off"
          onChange={(e) => {
            setLocaleQuery(e.target.value);
            const first = searchLocales(e.target.value, locales)[0];
            if (e.target.value.trim() && first) onLocale(first.tag);
          }}
        />
        <select
          id="field-locale"
          data-field="locale"
          className="select currency-list"
          size={7}
          value={locale}
          onChange={(e) => onLocale(e.target.value as BookLocale)}
          {...invalidProps('locale', errors)}
        >
          {shownLocales.map((l) => (
            <option key={l.tag} value={l.tag} lang={l.own === l.name ? undefined : l.tag}>
              {l.own === l.name ? l.name : `${l.name} — ${l.own}`}
            </option>
          ))}
        </select>
        {shownLocales.length === 0 && <span className="field-hint">No language or region matches “{localeQuery.trim()}”.</span>}
        <FieldError field="locale" errors={errors} />
        <span className="field-hint">Amounts will look like</span>
        <span className="preview" data-testid="money-preview">
          {preview}
        </span>
      </div>
    </>
  );
}

/**
 * On the very first run, the book's currency and locale: every amount is kept and shown in them.
 * The owner starts an empty book, or one filled with a sample business (the dialog stays until
 * the sample is in, showing its progress).
 */
export function FirstRun() {
  const settings = useSettingsStore((s) => s.settings);
  // True from the click on a sample until it is in (or failed): the dialog shows its progress.
  const [holding, setHolding] = useState(false);
  if (!settings || (settings.currency !== null && !holding)) return null;
  return <FirstRunDialog initialLocale={settings.locale ?? suggestedLocale()} onHold={setHolding} />;
}

function FirstRunDialog({ initialLocale, onHold }: { initialLocale: BookLocale; onHold(hold: boolean): void }) {
  const [locale, setLocale] = useState(initialLocale);
  const [currency, setCurrency] = useState(() => guessCurrency(initialLocale));
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const sampleBusy = useSampleStore(sampleSelectors.busy);
  // A book from before currencies (with contacts already) gets no sample to offer.
  const offerSample = useSampleStore((s) => s.status?.canLoad === true || s.loading !== null);
  const refreshSample = useSampleStore((s) => s.refresh);
  const errors = useFieldErrors(error);
  const formRef = useRef<HTMLFormElement | null>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('#field-currency-search')?.focus();
    void refreshSample();
  }, [refreshSample]);

  /** Saves the currency and locale; the book's settings are told once the dialog is done. */
  const save = async (): Promise<Settings | null> => {
    const result = await api().call('settings.update', { currency, locale });
    if (!result.ok) {
      setError(result.error);
      return null;
    }
    setError(null);
    return result.value;
  };
  const finish = (settings: Settings) => useSettingsStore.setState({ settings });

  const submit = async () => {
    setSaving(true);
    const saved = await save();
    setSaving(false);
    if (saved) finish(saved);
  };

  // The sample loads after the currency is saved, under one progress bar. The dialog stays while it
  // loads (whoever else learns the currency meanwhile) and closes once it is in; if the load fails
  // it stays, with the currency saved, for another try or an empty start.
  const savedForSample = useRef<Settings | null>(null);
  const beforeSample = async () => {
    onHold(true);
    savedForSample.current = await save();
    return savedForSample.current !== null;
  };
  const afterSample = (loaded: boolean) => {
    if (loaded && savedForSample.current) finish(savedForSample.current);
    onHold(false);
  };

  return (
    <div className="dialog-backdrop first-run">
      <form
        ref={formRef}
        className="dialog record-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Welcome to Rapport"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!saving && !sampleBusy) void submit();
        }}
      >
        <header>
          <h2>Welcome to Rapport</h2>
        </header>
        <div className="form-body">
          <p className="wide muted" style={{ margin: 0 }}>
            Choose the currency your business works in and how numbers and dates should read. Every amount in this book is kept in this currency; you can change how it
            looks later in Settings.
          </p>
          <BookMoneyFields currency={currency} locale={locale} onCurrency={setCurrency} onLocale={setLocale} errors={errors} />
          {offerSample && (
            <section className="wide" aria-labelledby="first-run-sample" style={{ display: 'flex', flexDirection: 'column', gap: 8, borderTop: '1px solid var(--border)', paddingTop: 14 }}>
              <h3 id="first-run-sample" style={{ margin: 0, fontSize: 'var(--fs)' }}>
                Or look around first
              </h3>
              <p className="muted" style={{ margin: 0 }}>
                Load a made-up café or consultancy in this currency: about 300 contacts with two years of history up to today, so every screen has something to show.
                Remove it in Settings, for good, when you are ready to start your own.
              </p>
              <SampleButtons before={beforeSample} onSettled={afterSample} />
            </section>
          )}
        </div>
        <footer>
          <button type="submit" className="btn primary" disabled={saving || sampleBusy}>
            Start my book
          </button>
        </footer>
      </form>
    </div>
  );
}
