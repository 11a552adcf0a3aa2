import { Share } from 'lucide-react';
import { BackupsCard } from './data/backups-card';
import { CsvImportCard } from './data/csv-import';
import { IcsExportButton } from './data/ics-export-button';
import { JsonCard } from './data/json-card';
import { VcardExportButton } from './data/vcard-export-button';
import { VcardImportCard } from './data/vcard-import';

/** Your data: getting contacts in, the whole book out and back, and the backups. */
export function DataView() {
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Your data</h1>
          <p>Bring contacts in from other tools, take them out again, and keep backups. Everything stays on this computer.</p>
        </div>
      </div>
      <CsvImportCard />
      <VcardImportCard />
      <section className="card import-card" aria-labelledby="take-out">
        <h2 id="take-out">
          <Share size={18} aria-hidden="true" /> Take your contacts elsewhere
        </h2>
        <p className="muted" style={{ margin: 0 }}>
          Every contact as vCards for a phone or another address book, and your open follow-ups as a calendar for Google Calendar, Outlook or Apple
          Calendar. Each list also has its own Export button (CSV), and a contact’s page exports that one contact.
        </p>
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <VcardExportButton label="All contacts as vCards" />
          <IcsExportButton />
        </div>
      </section>
      <JsonCard />
      <BackupsCard />
    </div>
  );
}
