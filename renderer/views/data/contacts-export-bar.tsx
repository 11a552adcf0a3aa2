import { useContactsStore } from '../../store/contacts-store';
import { contactExportFilter } from '../../store/export-store';
import { ExportMenu, ExportProgress } from './export-menu';

/** Under the contacts list: export exactly what the list shows (its search, filters and sort), all of it. */
export function ContactsExportBar() {
  const total = useContactsStore((s) => s.total);
  if (!total) return null;
  const filter = () => contactExportFilter(useContactsStore.getState().filters);
  const noun = `${total.toLocaleString()} ${total === 1 ? 'contact' : 'contacts'}`;
  return (
    <div className="list-export-bar">
      <ExportProgress />
      <ExportMenu
        up
        small
        label="Export this list"
        choices={[
          { kind: 'csv', label: 'CSV for a spreadsheet', hint: `${noun}, in this order, with their figures`, request: () => ({ method: 'export.csv', input: { list: 'contacts', ...filter() } }) },
          { kind: 'vcard', label: 'vCards (.vcf)', hint: `${noun} for Contacts, Outlook or a phone`, request: () => ({ method: 'export.vcard', input: { filter: filter() } }) },
        ]}
      />
    </div>
  );
}
