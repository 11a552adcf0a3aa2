import { Command } from 'cmdk';
import { Building, CalendarClock, CalendarPlus, Clock, Monitor, Moon, Settings, Share2, Sun, Timer, Trash, UserPlus, Users } from 'lucide-react';
import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { useSettingsStore } from '../store/settings-store';
import { useUiStore } from '../store/ui-store';
import { Avatar } from './avatar';

interface PaletteCommand {
  id: string;
  label: string;
  icon: ReactNode;
  keys?: string;
  run(): void;
}

/** Ctrl/Cmd+K: find a contact, jump to a screen, or run an action, without touching the mouse. */
export function CommandPalette() {
  const open = useUiStore((s) => s.paletteOpen);
  const query = useUiStore((s) => s.paletteQuery);
  const results = useUiStore((s) => s.paletteResults);
  const setOpen = useUiStore((s) => s.setPaletteOpen);
  const search = useUiStore((s) => s.searchPalette);
  const openEditor = useUiStore((s) => s.openEditor);
  const openRecordEditor = useUiStore((s) => s.openRecordEditor);
  const updateSettings = useSettingsStore((s) => s.update);
  const [, navigate] = useLocation();
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    if (open) returnFocus.current = document.activeElement;
    else if (returnFocus.current instanceof HTMLElement) returnFocus.current.focus();
  }, [open]);

  if (!open) return null;

  const close = () => setOpen(false);
  const commands: PaletteCommand[] = [
    { id: 'new-person', label: 'New contact', icon: <UserPlus size={16} />, keys: 'N', run: () => openEditor({ mode: 'create', kind: 'person' }) },
    { id: 'new-business', label: 'New business', icon: <Building size={16} />, run: () => openEditor({ mode: 'create', kind: 'business' }) },
    { id: 'new-follow-up', label: 'New follow-up', icon: <CalendarPlus size={16} />, run: () => openRecordEditor({ kind: 'followUp', contactId: null, id: null }) },
    { id: 'add-time', label: 'Add time by hand', icon: <Timer size={16} />, run: () => openRecordEditor({ kind: 'timeEntry', contactId: null, id: null }) },
    { id: 'go-contacts', label: 'Go to Contacts', icon: <Users size={16} />, keys: 'G C', run: () => navigate('/contacts') },
    { id: 'go-follow-ups', label: 'Go to Follow-ups', icon: <CalendarClock size={16} />, keys: 'G F', run: () => navigate('/follow-ups') },
    { id: 'go-referrals', label: 'Go to Referrals', icon: <Share2 size={16} />, keys: 'G R', run: () => navigate('/referrals') },
    { id: 'go-time', label: 'Go to Time', icon: <Clock size={16} />, keys: 'G I', run: () => navigate('/time') },
    { id: 'go-trash', label: 'Go to Trash', icon: <Trash size={16} />, keys: 'G T', run: () => navigate('/trash') },
    { id: 'go-settings', label: 'Go to Settings', icon: <Settings size={16} />, keys: 'G S', run: () => navigate('/settings') },
    { id: 'theme-light', label: 'Use the light theme', icon: <Sun size={16} />, run: () => void updateSettings({ theme: 'light' }) },
    { id: 'theme-dark', label: 'Use the dark theme', icon: <Moon size={16} />, run: () => void updateSettings({ theme: 'dark' }) },
    { id: 'theme-system', label: 'Follow the system theme', icon: <Monitor size={16} />, run: () => void updateSettings({ theme: 'system' }) },
  ];
  const q = query.trim().toLowerCase();
  const shown = q ? commands.filter((c) => c.label.toLowerCase().includes(q)) : commands;

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <Command
        className="palette"
        label="Command palette"
        shouldFilter={false}
        loop
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
          }
        }}
      >
        <Command.Input autoFocus value={query} onValueChange={(v) => void search(v)} placeholder="Find a contact, or type a command…" />
        <Command.List>
          <Command.Empty>Nothing matches “{query}”.</Command.Empty>
          {results.length > 0 && (
            <Command.Group heading="Contacts">
              {results.map((row) => (
                <Command.Item
                  key={`c${row.id}`}
                  value={`contact-${row.id}`}
                  onSelect={() => {
                    close();
                    navigate(`/contacts/${row.id}`);
                  }}
                >
                  <Avatar name={row.name} kind={row.kind} />
                  <span>{row.name}</span>
                  <span className="sub">{row.businessName ?? row.email ?? ''}</span>
                </Command.Item>
              ))}
            </Command.Group>
          )}
          {results[0] && (
            <Command.Group heading={`With ${results[0].name}`}>
              {(
                [
                  ['interaction', 'Log interaction with'],
                  ['timeEntry', 'Start timer on'],
                  ['followUp', 'New follow-up for'],
                  ['purchase', 'Record a purchase by'],
                ] as const
              ).map(([kind, label]) => {
                const top = results[0];
                if (!top) return null;
                return (
                  <Command.Item
                    key={kind}
                    value={`${kind}-${top.id}`}
                    onSelect={() => {
                      close();
                      navigate(`/contacts/${top.id}`);
                      openRecordEditor({ kind, contactId: top.id, id: null });
                    }}
                  >
                    <span>
                      {label} {top.name}
                    </span>
                  </Command.Item>
                );
              })}
            </Command.Group>
          )}
          {shown.length > 0 && (
            <Command.Group heading="Actions">
              {shown.map((c) => (
                <Command.Item
                  key={c.id}
                  value={c.id}
                  onSelect={() => {
                    close();
                    c.run();
                  }}
                >
                  {c.icon}
                  <span>{c.label}</span>
                  {c.keys && <span className="sub"><kbd>{c.keys}</kbd></span>}
                </Command.Item>
              ))}
            </Command.Group>
          )}
        </Command.List>
      </Command>
    </div>
  );
}
