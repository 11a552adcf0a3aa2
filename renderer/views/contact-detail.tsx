import { ArrowLeft, Cake, Clock, Mail, MapPin, Pencil, Phone, RotateCcw, StickyNote, Tag, Trash, Users } from 'lucide-react';
import { useEffect } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { Link, useLocation } from 'wouter';
import type { AddressEntry, Contact } from '../../shared/contract/index';
import { formatBirthday } from '../../shared/domain/birthday';
import { Avatar } from '../components/avatar';
import { EmptyState } from '../components/empty-state';
import { StageBadge } from '../components/stage-badge';
import { ContactFiguresPanel } from './contact-figures-panel';
import { ContactRecords } from './contact-records';
import { ReferralTreeView } from './referral-tree';
import { ContactDataActions } from './data/privacy-actions';
import { useContactsStore } from '../store/contacts-store';
import { useUiStore } from '../store/ui-store';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function addressLines(a: AddressEntry): string {
  return [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(Boolean).join(', ');
}

function Fact({ icon, title, children }: { icon: React.ReactNode; title: string; children: React.ReactNode }) {
  return (
    <section className="fact" aria-label={title}>
      <h3 style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
        {icon} {title}
      </h3>
      {children}
    </section>
  );
}

function ContactFacts({ contact }: { contact: Contact }) {
  return (
    <div className="facts">
      {contact.emails.length > 0 && (
        <Fact icon={<Mail size={14} />} title="Email">
          <ul>
            {contact.emails.map((e, i) => (
              <li key={i}>
                <span className="label">{e.label}</span>
                {e.value}
              </li>
            ))}
          </ul>
        </Fact>
      )}
      {contact.phones.length > 0 && (
        <Fact icon={<Phone size={14} />} title="Phone">
          <ul>
            {contact.phones.map((p, i) => (
              <li key={i}>
                <span className="label">{p.label}</span>
                {p.value}
              </li>
            ))}
          </ul>
        </Fact>
      )}
      {contact.addresses.length > 0 && (
        <Fact icon={<MapPin size={14} />} title="Address">
          <ul>
            {contact.addresses.map((a, i) => (
              <li key={i}>
                <span className="label">{a.label}</span>
                {addressLines(a)}
              </li>
            ))}
          </ul>
        </Fact>
      )}
      {contact.birthday && (
        <Fact icon={<Cake size={14} />} title="Birthday">
          <span>{formatBirthday(contact.birthday, navigator.language)}</span>
        </Fact>
      )}
      {contact.tags.length > 0 && (
        <Fact icon={<Tag size={14} />} title="Tags">
          <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
            {contact.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </div>
        </Fact>
      )}
      <Fact icon={<Clock size={14} />} title="Stay in touch">
        <span>{contact.cadenceDays ? `Every ${contact.cadenceDays} ${contact.cadenceDays === 1 ? 'day' : 'days'}` : <span className="muted">No rhythm set</span>}</span>
      </Fact>
      {contact.source && (
        <Fact icon={<Users size={14} />} title="Came from">
          <span>{contact.source}</span>
        </Fact>
      )}
      {contact.kind === 'business' && (
        <Fact icon={<Users size={14} />} title="People">
          {contact.members.length === 0 ? (
            <span className="muted">No one yet</span>
          ) : (
            <ul>
              {contact.members.map((m) => (
                <li key={m.id}>
                  <Link href={`/contacts/${m.id}`}>{m.name}</Link>
                </li>
              ))}
            </ul>
          )}
        </Fact>
      )}
    </div>
  );
}

export function ContactDetail({ id }: { id: number }) {
  const contact = useContactsStore((s) => (s.current?.id === id ? s.current : null));
  const error = useContactsStore((s) => s.currentError);
  const open = useContactsStore((s) => s.open);
  const remove = useContactsStore((s) => s.remove);
  const restore = useContactsStore((s) => s.restore);
  const openEditor = useUiStore((s) => s.openEditor);
  const [, navigate] = useLocation();

  useEffect(() => {
    void open(id);
  }, [id, open]);

  const live = contact !== null && contact.deletedAt === null;
  useHotkeys('e', () => live && openEditor({ mode: 'edit', id }), { preventDefault: true }, [live, id]);
  useHotkeys('delete', () => live && void remove(id).then((ok) => ok && navigate('/contacts')), [live, id]);

  if (!contact) {
    return error ? (
      <EmptyState icon={<Users size={30} />} title="Contact not found">
        {error.message}
      </EmptyState>
    ) : (
      <div className="detail" aria-busy="true" />
    );
  }

  return (
    <article className="detail" id="contact-detail" tabIndex={-1} aria-label={contact.name}>
      <Link href="/contacts" className="btn ghost small back-link" aria-label="Back to the list">
        <ArrowLeft size={14} /> Contacts
      </Link>
      {contact.deletedAt !== null && (
        <div className="trash-banner" role="status">
          <Trash size={16} />
          <span>In the trash since {dateFormat.format(contact.deletedAt)}.</span>
          <button type="button" className="btn small" onClick={() => void restore(contact.id)}>
            <RotateCcw size={14} /> Restore
          </button>
        </div>
      )}
      <header className="detail-header">
        <Avatar name={contact.name} kind={contact.kind} large />
        <div className="who">
          <h1>{contact.name}</h1>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
            <StageBadge stage={contact.stage} />
            <span className="muted">
              {contact.kind === 'business' ? (
                'Business'
              ) : contact.businessId !== null && contact.businessName ? (
                <>
                  {contact.jobTitle || 'Works'} at <Link href={`/contacts/${contact.businessId}`}>{contact.businessName}</Link>
                </>
              ) : (
                contact.jobTitle || 'Person'
              )}
            </span>
          </div>
        </div>
        {live && (
          <div className="detail-actions">
            <button type="button" className="btn" onClick={() => openEditor({ mode: 'edit', id: contact.id })} title="Edit (E)">
              <Pencil size={15} /> Edit
            </button>
            <button
              type="button"
              className="btn danger"
              title="Move to the trash (Delete)"
              onClick={() => void remove(contact.id).then((ok) => ok && navigate('/contacts'))}
            >
              <Trash size={15} /> Delete
            </button>
          </div>
        )}
      </header>
      {live && <ContactFiguresPanel contactId={contact.id} />}
      <ContactFacts contact={contact} />
      <section aria-label="Notes" className="fact">
        <h3 style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          <StickyNote size={14} /> Notes
        </h3>
        {contact.notes ? <div className="notes">{contact.notes}</div> : <span className="muted">Nothing noted yet.</span>}
      </section>
      {contact.deletedAt === null && <ContactRecords contact={contact} />}
      <ReferralTreeView contactId={contact.id} />
      <ContactDataActions contact={contact} />
      <p className="faint" style={{ margin: 0, fontSize: 12 }}>
        Added {dateFormat.format(contact.createdAt)} · changed {dateFormat.format(contact.updatedAt)}
      </p>
    </article>
  );
}
