import { useEffect } from 'react';
import { navigate } from 'wouter/use-hash-location';
import { api } from '../api/client';
import { useFollowUpsStore } from '../store/follow-ups-store';
import { toast } from '../store/toast-store';

/**
 * App-wide: keeps the follow-up counts current, shows a reminder as an in-app notice in browser
 * mode (the desktop shows a system notification instead), and opens the follow-ups when the
 * desktop's notification is clicked. The app routes by the hash, so it navigates through it.
 */
export function ReminderNotices() {
  useEffect(() => {
    const { loadCounts, refresh } = useFollowUpsStore.getState();
    void loadCounts();
    const stops = [
      api().on('changed', (e) => {
        if (e.area === 'followUps' || e.area === 'contacts') void refresh();
      }),
      api().on('reminder', (r) => {
        void refresh();
        if (api().mode !== 'browser') return;
        toast(`Follow up: ${r.title}${r.contactName ? ` — ${r.contactName}` : ''}`, {
          action: { label: 'Open', run: () => navigate('/follow-ups') },
          timeoutMs: 15_000,
        });
      }),
      api().on('navigate', (e) => navigate(e.to)),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);
  return null;
}
