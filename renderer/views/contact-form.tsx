import { Plus, X } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { STAGES, type AddressEntry, type ApiError, type Contact, type ContactFieldsInput, type ContactKind, type Stage } from '../../shared/contract/index';
import { STAGE_LABELS } from '../components/stage-badge';
import { useContactsStore } from '../store/contacts-store';
import { useUiStore } from '../store/ui-store';

interface Draft {
  kind: ContactKind;
  name: string;
  businessId: string;
  jobTitle: string;
  stage: Stage;
  source: string;
  birthday: { day: string; month: string; year: string };
  cadenceDays: string;
  notes: string;
  emails: { label: string; value: string }[];
  phones: { label: string; value: string }[];
  addresses: AddressEntry[];
  tags: string[];
}

const MONTHS = Array.from({ length: 12 }, (_, i) => new Intl.DateTimeFormat(undefined, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, i, 1))));

function emptyDraft(kind: ContactKind): Draft {
  return {
    kind,
    name: '',
    businessId: '',
    jobTitle: '',
    stage: 'lead',
    source: '',
    birthday: { day: '', month: '', year: '' },
    cadenceDays: '',
    notes: '',
    emails: [],
    phones: [],
    addresses: [],
    tags: [],
  };
}

function draftOf(c: Contact): Draft {
  return {
    kind: c.kind,
    name: c.name,
    businessId: c.businessId === null ? '' : String(c.businessId),
    jobTitle: c.jobTitle,
    stage: c.stage,
    source: c.source,
    birthday: c.birthday
      ? { day: String(c.birthday.day), month: String(c.birthday.month), year: c.birthday.year === null ? '' : String(c.birthday.year) }
      : { day: '', month: '', year: '' },
    cadenceDays: c.cadenceDays === null ? '' : String(c.cadenceDays),
    notes: c.notes,
    emails: c.emails.map((e) => ({ ...e })),
    phones: c.phones.map((p) => ({ ...p })),
    addresses: c.addresses.map((a) => ({ ...a })),
    tags: [...c.tags],
  };
}

/** A number typed in a box; anything else goes to the back end as typed, which says what is wrong. */
function numberOrRaw(text: string): number | string {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

function toInput(d: Draft): ContactFieldsInput {
  const b = d.birthday;
  const hasBirthday = b.day.trim() !== '' || b.month !== '' || b.year.trim() !== '';
  return {
    kind: d.kind,
    name: d.name,
    businessId: d.kind === 'person' && d.businessId ? Number(d.businessId) : null,
    jobTitle: d.kind === 'person' ? d.jobTitle : '',
    stage: d.stage,
    source: d.source,
    birthday: hasBirthday
      ? ({
          day: numberOrRaw(b.day),
          month: b.month ? Number(b.month) : (undefined as unknown as number),
          year: b.year.trim() ? numberOrRaw(b.year) : null,
        } as ContactFieldsInput['birthday'])
      : null,
    cadenceDays: d.cadenceDays.trim() ? (numberOrRaw(d.cadenceDays) as number) : null,
    notes: d.notes,
    emails: d.emails.filter((e) => e.value.trim() !== ''),
    phones: d.phones.filter((p) => p.value.trim() !== ''),
    addresses: d.addresses,
    tags: d.tags,
  };
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  ) : null;
}

function TagInput({ tags, onChange, invalid }: { tags: string[]; onChange: (tags: string[]) => void; invalid: boolean }) {
  const [text, setText] = useState('');
  const facets = useContactsStore((s) => s.facets);
  const listId = useId();
  const add = (raw: string) => {
    const parts = raw.split(',').map((t) => t.trim()).filter(Boolean);
    const next = [...tags];
    for (const p of parts) if (!next.some((t) => t.toLowerCase() === p.toLowerCase())) next.push(p);
    onChange(next);
    setText('');
  };
  return (
    <div className="chips" aria-invalid={invalid}>
      {tags.map((t) => (
        <span key={t} className="chip">
          {t}
          <button type="button" aria-label={`Remove tag ${t}`} onClick={() => onChange(tags.filter((x) => x !== t))}>
            <X size={12} />
          </button>
        </span>
      ))}
      <input
        id="field-tags"
        aria-label="Add a tag"
        list={listId}
        value={text}
        placeholder={tags.length ? '' : 'vip, newsletter… (Enter or comma adds)'}
        onChange={(e) => (e.target.value.endsWith(',') ? add(e.target.value) : setText(e.target.value))}
        onBlur={() => text.trim() && add(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && text.trim()) {
            e.preventDefault();
            add(text);
          } else if (e.key === 'Backspace' && !text && tags.length) {
            onChange(tags.slice(0, -1));
          }
        }}
      />
      <datalist id={listId}>
        {facets?.tags.map((t) => (
          <option key={t.name} value={t.name} />
        ))}
      </datalist>
    </div>
  );
}

export function ContactForm() {
  const editor = useUiStore((s) => s.editor);
  const closeEditor = useUiStore((s) => s.closeEditor);
  const current = useContactsStore((s) => s.current);
  const businesses = useContactsStore((s) => s.businesses);
  const facets = useContactsStore((s) => s.facets);
  const loadBusinesses = useContactsStore((s) => s.loadBusinesses);
  const create = useContactsStore((s) => s.create);
  const update = useContactsStore((s) => s.update);
  const [, navigate] = useLocation();
  const editing = editor?.mode === 'edit' && current?.id === editor.id ? current : null;
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : emptyDraft(editor?.mode === 'create' ? editor.kind : 'person')));
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const nameRef = useRef<HTMLInputElement | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);

  useEffect(() => {
    void loadBusinesses();
    nameRef.current?.focus();
  }, [loadBusinesses]);

  const errors = useMemo(() => {
    const map = new Map<string, string>();
    for (const issue of error?.issues ?? []) if (!map.has(issue.field)) map.set(issue.field, issue.message);
    return map;
  }, [error]);
  const err = (field: string) => errors.get(field);
  const errPrefix = (prefix: string) => [...errors.entries()].find(([f]) => f === prefix || f.startsWith(`${prefix}.`))?.[1];

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    if (saving) return;
    setSaving(true);
    const input = toInput(draft);
    const result = editing ? await update({ id: editing.id, ...input }) : await create(input);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      const field = result.error.field;
      if (field) formRef.current?.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`)?.focus();
      return;
    }
    closeEditor();
    navigate(`/contacts/${result.value.id}`);
  };

  const title = editing ? `Edit ${editing.name}` : draft.kind === 'business' ? 'New business' : 'New contact';
  const unmatched = error && (error.issues ?? []).every((i) => !/^(kind|name|businessId|jobTitle|stage|source|birthday|cadenceDays|notes|emails|phones|addresses|tags)/.test(i.field));

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) closeEditor();
      }}
    >
      <form
        ref={formRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            closeEditor();
          } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <header>
          <h2 style={{ flex: 1 }}>{title}</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={closeEditor}>
            <X size={18} />
          </button>
        </header>
        <div className="form-body">
          {unmatched && error && (
            <div className="form-error" role="alert">
              {error.message}
            </div>
          )}
          <div className="field">
            <span className="field-label">Kind</span>
            <div className="segmented" role="group" aria-label="Kind" data-field="kind">
              {(['person', 'business'] as const).map((k) => (
                <button key={k} type="button" aria-pressed={draft.kind === k} onClick={() => set('kind', k)}>
                  {k === 'person' ? 'Person' : 'Business'}
                </button>
              ))}
            </div>
            <FieldError id="err-kind" message={err('kind')} />
          </div>
          <div className="field">
            <label htmlFor="field-stage">Stage</label>
            <select id="field-stage" data-field="stage" className="select" value={draft.stage} onChange={(e) => set('stage', e.target.value as Stage)}>
              {STAGES.map((s) => (
                <option key={s} value={s}>
                  {STAGE_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field wide">
            <label htmlFor="field-name">{draft.kind === 'business' ? 'Business name' : 'Name'}</label>
            <input
              ref={nameRef}
              id="field-name"
              data-field="name"
              className="input"
              value={draft.name}
              autoComplete="off"
              aria-invalid={err('name') ? true : undefined}
              aria-describedby={err('name') ? 'err-name' : undefined}
              onChange={(e) => set('name', e.target.value)}
            />
            <FieldError id="err-name" message={err('name')} />
          </div>
          {draft.kind === 'person' && (
            <>
              <div className="field">
                <label htmlFor="field-business">Works at</label>
                <select
                  id="field-business"
                  data-field="businessId"
                  className="select"
                  value={draft.businessId}
                  aria-invalid={err('businessId') ? true : undefined}
                  onChange={(e) => set('businessId', e.target.value)}
                >
                  <option value="">No business</option>
                  {businesses.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
                </select>
                <FieldError id="err-businessId" message={err('businessId')} />
              </div>
              <div className="field">
                <label htmlFor="field-job">Job title</label>
                <input id="field-job" data-field="jobTitle" className="input" value={draft.jobTitle} onChange={(e) => set('jobTitle', e.target.value)} />
                <FieldError id="err-jobTitle" message={err('jobTitle')} />
              </div>
            </>
          )}
          <div className="field wide">
            <span className="field-label">Email</span>
            <div className="repeat">
              {draft.emails.map((e, i) => (
                <div key={i}>
                  <div className="repeat-row">
                    <input className="input" aria-label={`Email ${i + 1} label`} list="email-labels" value={e.label} onChange={(ev) => set('emails', draft.emails.map((x, j) => (j === i ? { ...x, label: ev.target.value } : x)))} />
                    <input
                      className="input"
                      type="email"
                      data-field={`emails.${i}.value`}
                      aria-label={`Email ${i + 1}`}
                      aria-invalid={err(`emails.${i}.value`) ? true : undefined}
                      value={e.value}
                      onChange={(ev) => set('emails', draft.emails.map((x, j) => (j === i ? { ...x, value: ev.target.value } : x)))}
                    />
                    <button type="button" className="icon-btn" aria-label={`Remove email ${i + 1}`} onClick={() => set('emails', draft.emails.filter((_, j) => j !== i))}>
                      <X size={16} />
                    </button>
                  </div>
                  <FieldError id={`err-emails-${i}`} message={errPrefix(`emails.${i}`)} />
                </div>
              ))}
              <div>
                <button type="button" className="btn small" onClick={() => set('emails', [...draft.emails, { label: draft.emails.length ? 'work' : 'home', value: '' }])}>
                  <Plus size={14} /> Add email
                </button>
              </div>
            </div>
          </div>
          <div className="field wide">
            <span className="field-label">Phone</span>
            <div className="repeat">
              {draft.phones.map((p, i) => (
                <div key={i}>
                  <div className="repeat-row">
                    <input className="input" aria-label={`Phone ${i + 1} label`} list="phone-labels" value={p.label} onChange={(ev) => set('phones', draft.phones.map((x, j) => (j === i ? { ...x, label: ev.target.value } : x)))} />
                    <input
                      className="input"
                      type="tel"
                      data-field={`phones.${i}.value`}
                      aria-label={`Phone ${i + 1}`}
                      aria-invalid={err(`phones.${i}.value`) ? true : undefined}
                      value={p.value}
                      onChange={(ev) => set('phones', draft.phones.map((x, j) => (j === i ? { ...x, value: ev.target.value } : x)))}
                    />
                    <button type="button" className="icon-btn" aria-label={`Remove phone ${i + 1}`} onClick={() => set('phones', draft.phones.filter((_, j) => j !== i))}>
                      <X size={16} />
                    </button>
                  </div>
                  <FieldError id={`err-phones-${i}`} message={errPrefix(`phones.${i}`)} />
                </div>
              ))}
              <div>
                <button type="button" className="btn small" onClick={() => set('phones', [...draft.phones, { label: draft.phones.length ? 'work' : 'mobile', value: '' }])}>
                  <Plus size={14} /> Add phone
                </button>
              </div>
            </div>
          </div>
          <div className="field wide">
            <span className="field-label">Address</span>
            <div className="repeat">
              {draft.addresses.map((a, i) => {
                const patch = (p: Partial<AddressEntry>) => set('addresses', draft.addresses.map((x, j) => (j === i ? { ...x, ...p } : x)));
                return (
                  <div key={i} className="repeat-row" style={{ gridTemplateColumns: '120px 1fr auto' }}>
                    <input className="input" aria-label={`Address ${i + 1} label`} list="address-labels" value={a.label} onChange={(e) => patch({ label: e.target.value })} />
                    <div>
                      <div className="address-grid">
                        <input className="input street" data-field={`addresses.${i}.street`} aria-label="Street" placeholder="Street" value={a.street} onChange={(e) => patch({ street: e.target.value })} />
                        <input className="input" aria-label="Postal code" placeholder="Postal code" value={a.postalCode} onChange={(e) => patch({ postalCode: e.target.value })} />
                        <input className="input" aria-label="City" placeholder="City" value={a.city} onChange={(e) => patch({ city: e.target.value })} />
                        <input className="input" aria-label="Region" placeholder="Region" value={a.region} onChange={(e) => patch({ region: e.target.value })} />
                        <input className="input street" aria-label="Country" placeholder="Country" value={a.country} onChange={(e) => patch({ country: e.target.value })} />
                      </div>
                      <FieldError id={`err-addresses-${i}`} message={errPrefix(`addresses.${i}`)} />
                    </div>
                    <button type="button" className="icon-btn" aria-label={`Remove address ${i + 1}`} onClick={() => set('addresses', draft.addresses.filter((_, j) => j !== i))}>
                      <X size={16} />
                    </button>
                  </div>
                );
              })}
              <div>
                <button
                  type="button"
                  className="btn small"
                  onClick={() => set('addresses', [...draft.addresses, { label: draft.kind === 'business' ? 'work' : 'home', street: '', city: '', region: '', postalCode: '', country: '' }])}
                >
                  <Plus size={14} /> Add address
                </button>
              </div>
            </div>
          </div>
          <div className="field">
            <span className="field-label">Birthday</span>
            <div className="birthday" role="group" aria-label="Birthday">
              <input
                className="input"
                inputMode="numeric"
                aria-label="Birthday day"
                placeholder="Day"
                data-field="birthday.day"
                aria-invalid={err('birthday.day') ? true : undefined}
                value={draft.birthday.day}
                onChange={(e) => set('birthday', { ...draft.birthday, day: e.target.value })}
              />
              <select
                className="select"
                aria-label="Birthday month"
                data-field="birthday.month"
                aria-invalid={err('birthday.month') ? true : undefined}
                value={draft.birthday.month}
                onChange={(e) => set('birthday', { ...draft.birthday, month: e.target.value })}
              >
                <option value="">Month</option>
                {MONTHS.map((m, i) => (
                  <option key={m} value={i + 1}>
                    {m}
                  </option>
                ))}
              </select>
              <input
                className="input"
                inputMode="numeric"
                aria-label="Birthday year (optional)"
                placeholder="Year?"
                data-field="birthday.year"
                aria-invalid={err('birthday.year') ? true : undefined}
                value={draft.birthday.year}
                onChange={(e) => set('birthday', { ...draft.birthday, year: e.target.value })}
              />
            </div>
            <FieldError id="err-birthday" message={errPrefix('birthday')} />
            <span className="field-hint">The year may stay empty.</span>
          </div>
          <div className="field">
            <label htmlFor="field-cadence">Stay in touch every … days</label>
            <input
              id="field-cadence"
              data-field="cadenceDays"
              className="input"
              inputMode="numeric"
              placeholder="e.g. 30"
              aria-invalid={err('cadenceDays') ? true : undefined}
              value={draft.cadenceDays}
              onChange={(e) => set('cadenceDays', e.target.value)}
            />
            <FieldError id="err-cadenceDays" message={err('cadenceDays')} />
          </div>
          <div className="field">
            <label htmlFor="field-source">Came from</label>
            <input
              id="field-source"
              data-field="source"
              className="input"
              list="source-options"
              placeholder="walk-in, Instagram, a referral…"
              value={draft.source}
              onChange={(e) => set('source', e.target.value)}
            />
            <FieldError id="err-source" message={err('source')} />
          </div>
          <div className="field">
            <span className="field-label">Tags</span>
            <TagInput tags={draft.tags} onChange={(tags) => set('tags', tags)} invalid={errPrefix('tags') !== undefined} />
            <FieldError id="err-tags" message={errPrefix('tags')} />
          </div>
          <div className="field wide">
            <label htmlFor="field-notes">Notes</label>
            <textarea id="field-notes" data-field="notes" className="textarea" value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
            <FieldError id="err-notes" message={err('notes')} />
          </div>
          <datalist id="email-labels">
            <option value="home" />
            <option value="work" />
            <option value="other" />
          </datalist>
          <datalist id="phone-labels">
            <option value="mobile" />
            <option value="home" />
            <option value="work" />
          </datalist>
          <datalist id="address-labels">
            <option value="home" />
            <option value="work" />
            <option value="shop" />
          </datalist>
          <datalist id="source-options">
            {facets?.sources.map((s) => (
              <option key={s.name} value={s.name} />
            ))}
          </datalist>
        </div>
        <footer>
          <span className="hint">
            <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
          </span>
          <button type="button" className="btn" onClick={closeEditor}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save changes' : 'Add contact'}
          </button>
        </footer>
      </form>
    </div>
  );
}
