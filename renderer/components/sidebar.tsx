import { CalendarClock, ChartScatter, Clock, HardDrive, Settings, Share2, Sun, Trash, Users } from 'lucide-react';
import { Link, useLocation } from 'wouter';
import { useContactsStore } from '../store/contacts-store';
import { followUpSelectors, useFollowUpsStore } from '../store/follow-ups-store';

function NavLink({ to, icon, label, count }: { to: string; icon: React.ReactNode; label: string; count?: number | null | undefined }) {
  const [location] = useLocation();
  const active = location === to || location.startsWith(`${to}/`);
  return (
    <Link href={to} className="nav-link" aria-current={active ? 'page' : undefined}>
      {icon}
      <span className="label">{label}</span>
      {count ? <span className="count">{count.toLocaleString()}</span> : null}
    </Link>
  );
}

export function Sidebar() {
  const trashed = useContactsStore((s) => s.facets?.trashed);
  const due = useFollowUpsStore(followUpSelectors.dueCount);
  const live = useContactsStore((s) => (s.facets ? s.facets.stages.reduce((n, st) => n + st.count, 0) : null));
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <img src="./favicon.svg" alt="" />
        <span>Rapport</span>
      </div>
      <NavLink to="/today" icon={<Sun size={17} />} label="Today" />
      <NavLink to="/contacts" icon={<Users size={17} />} label="Contacts" count={live} />
      <NavLink to="/follow-ups" icon={<CalendarClock size={17} />} label="Follow-ups" count={due} />
      <NavLink to="/referrals" icon={<Share2 size={17} />} label="Referrals" />
      <NavLink to="/time" icon={<Clock size={17} />} label="Time" />
      <NavLink to="/insights" icon={<ChartScatter size={17} />} label="Insights" />
      <NavLink to="/trash" icon={<Trash size={17} />} label="Trash" count={trashed} />
      <div className="nav-spacer" />
      <NavLink to="/data" icon={<HardDrive size={17} />} label="Your data" />
      <NavLink to="/settings" icon={<Settings size={17} />} label="Settings" />
    </nav>
  );
}
