import { Users } from 'lucide-react';
import { EmptyState } from '../components/empty-state';
import { ContactDetail } from './contact-detail';
import { ContactList } from './contact-list';
import { ContactsExportBar } from './data/contacts-export-bar';

export function ContactsView({ selectedId }: { selectedId: number | null }) {
  return (
    <div className={`contacts${selectedId !== null ? ' has-detail' : ''}`}>
      <div className="list-column">
        <ContactList selectedId={selectedId} />
        <ContactsExportBar />
      </div>
      <div className="detail-pane">
        {selectedId !== null ? (
          <ContactDetail key={selectedId} id={selectedId} />
        ) : (
          <EmptyState icon={<Users size={30} />} title="Pick someone">
            Choose a contact on the left to see everything about them. Use <kbd>↑</kbd> <kbd>↓</kbd> to move through the list and <kbd>/</kbd> to search.
          </EmptyState>
        )}
      </div>
    </div>
  );
}
