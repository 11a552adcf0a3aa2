import { useState } from 'react';
import type { ApiError } from '../../shared/contract/index';
import type { BookLocale } from '../../shared/domain/locales';
import { api } from '../api/client';
import { useSettingsStore } from '../store/settings-store';
import { toast } from '../store/toast-store';
import { BookMoneyFields, suggestedLocale } from './first-run';
import { useFieldErrors } from './records/record-dialog';

/** Settings' "Book" card: the currency every amount is kept in, and the locale that formats it. */
export function BookCard() {
  const settings = useSettingsStore((s) => s.settings);
  if (!settings) return null;
  return <BookForm key={`${settings.currency}|${settings.locale}`} currency={settings.currency ?? 'EUR'} locale={settings.locale ?? suggestedLocale()} />;
}

function BookForm(props: { currency: string; locale: BookLocale }) {
  const [currency, setCurrency] = useState(props.currency);
  const [locale, setLocale] = useState(props.locale);
  const [error, setError] = useState<ApiError | null>(null);
  const errors = useFieldErrors(error);
  const changed = currency !== props.currency || locale !== props.locale;
  const save = async () => {
    const result = await api().call('settings.update', { currency, locale });
    if (!result.ok) return setError(result.error);
    setError(null);
    useSettingsStore.setState({ settings: result.value });
    toast('Saved the book’s currency and locale');
  };
  return (
    <section className="card" aria-labelledby="book">
      <h2 id="book">Book</h2>
      <p className="muted" style={{ margin: 0 }}>
        Amounts are kept as whole cents of this currency. Changing the currency does not convert amounts already recorded.
      </p>
      <form
        className="form-body"
        style={{ padding: 0 }}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <BookMoneyFields currency={currency} locale={locale} onCurrency={setCurrency} onLocale={setLocale} errors={errors} />
        <div className="wide">
          <button type="submit" className="btn primary" disabled={!changed}>
            Save
          </button>
        </div>
      </form>
    </section>
  );
}
