import { CalendarPlus } from 'lucide-react';
import { useExportStore } from '../../store/export-store';

/** Exports open follow-ups (all, or one contact's) as an iCalendar (.ics) file for a calendar app. */
export function IcsExportButton({ contactId }: { contactId?: number }) {
  const run = useExportStore((s) => s.run);
  const running = useExportStore((s) => s.running);
  return (
    <button
      type="button"
      className="btn"
      disabled={running !== null}
      onClick={() => void run({ method: 'export.ics', input: contactId !== undefined ? { contactId } : {} }, 'Writing the calendar')}
      title="An .ics file: each open follow-up as an event on its day, with a reminder; repeating ones repeat"
    >
      <CalendarPlus size={15} aria-hidden="true" /> {contactId !== undefined ? 'Follow-ups to calendar' : 'Open follow-ups to calendar (.ics)'}
    </button>
  );
}
