import { Contact as ContactIcon } from 'lucide-react';
import type { ContactListQuery } from '../../../shared/contract/index';
import { useExportStore } from '../../store/export-store';

/** Exports contacts as vCard 4.0: the given ids, a list's filter (paging left out), or every live contact. */
export function VcardExportButton({ filter, ids, label = 'Export vCards' }: { filter?: ContactListQuery; ids?: number[]; label?: string }) {
  const run = useExportStore((s) => s.run);
  const running = useExportStore((s) => s.running);
  const onClick = () => {
    let input;
    if (ids && ids.length > 0) input = { ids };
    else if (filter) {
      const { offset: _offset, limit: _limit, ...rest } = filter;
      input = { filter: rest };
    } else input = {};
    void run({ method: 'export.vcard', input }, 'Writing the vCards');
  };
  return (
    <button type="button" className="btn" disabled={running !== null} onClick={onClick} title="vCard 4.0 (.vcf): opens in Contacts, Outlook, Google Contacts and phones">
      <ContactIcon size={15} aria-hidden="true" /> {label}
    </button>
  );
}
