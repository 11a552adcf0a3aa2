import { Search, UserPlus } from 'lucide-react';
import { useEffect } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { api } from './api/client';
import { CommandPalette } from './components/command-palette';
import { ReminderNotices } from './components/reminder-notices';
import { Sidebar } from './components/sidebar';
import { TimerBar } from './components/timer-bar';
import { Toasts } from './components/toasts';
import { useBookStore } from './store/book-store';
import { useContactsStore } from './store/contacts-store';
import { listenToProgress } from './store/progress-store';
import { settingsSelectors, useSettingsStore } from './store/settings-store';
import { toast } from './store/toast-store';
import { useUiStore } from './store/ui-store';
import { BookNoticeBanner, BookRecovery } from './views/book-recovery';
import { ContactForm } from './views/contact-form';
import { ContactsView } from './views/contacts-view';
import { DataView } from './views/data-view';
import { FirstRun } from './views/first-run';
import { FollowUpsView } from './views/follow-ups-view';
import { RecordEditorHost } from './views/records/record-editor-host';
import { ReferralsView } from './views/referrals-view';
import { TodayView } from './views/today-view';
import { InsightsView } from './views/insights-view';
import { SettingsView } from './views/settings-view';
import { TimeView } from './views/time-view';
import { TrashView } from './views/trash-view';

function useTheme() {
  const theme = useSettingsStore(settingsSelectors.theme);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}

function TopBar() {
  const setPaletteOpen = useUiStore((s) => s.setPaletteOpen);
  const openEditor = useUiStore((s) => s.openEditor);
  const isMac = navigator.platform.toLowerCase().includes('mac');
  return (
    <header className="topbar">
      <button type="button" className="palette-trigger" onClick={() => setPaletteOpen(true)} aria-label="Open the command palette">
        <Search size={15} aria-hidden="true" />
        <span>Find a contact or run a command</span>
        <kbd>{isMac ? '⌘' : 'Ctrl'} K</kbd>
      </button>
      <span className="spacer" />
      <TimerBar />
      <button type="button" className="btn primary" onClick={() => openEditor({ mode: 'create', kind: 'person' })} title="New contact (N)">
        <UserPlus size={16} /> New contact
      </button>
    </header>
  );
}

function GlobalKeys() {
  const setPaletteOpen = useUiStore((s) => s.setPaletteOpen);
  const openEditor = useUiStore((s) => s.openEditor);
  const [, navigate] = useLocation();
  useHotkeys('mod+k', () => setPaletteOpen(true), { preventDefault: true, enableOnFormTags: true });
  useHotkeys('n', () => openEditor({ mode: 'create', kind: 'person' }), { preventDefault: true });
  useHotkeys('g>c', () => navigate('/contacts'));
  useHotkeys('g>d', () => navigate('/today'));
  useHotkeys('g>n', () => navigate('/insights'));
  useHotkeys('g>f', () => navigate('/follow-ups'));
  useHotkeys('g>r', () => navigate('/referrals'));
  useHotkeys('g>i', () => navigate('/time'));
  useHotkeys('g>t', () => navigate('/trash'));
  useHotkeys('g>s', () => navigate('/settings'));
  useHotkeys('g>b', () => navigate('/data'));
  return null;
}

function Shell() {
  const editor = useUiStore((s) => s.editor);
  const editorKey = editor ? (editor.mode === 'edit' ? `edit-${editor.id}` : `new-${editor.kind}`) : 'none';
  return (
    <div className="app">
      <Sidebar />
      <div className="main">
        <BookNoticeBanner />
        <TopBar />
        <main className="content">
          <Switch>
            <Route path="/contacts">{() => <ContactsView selectedId={null} />}</Route>
            <Route path="/contacts/:id">{(params) => <ContactsView selectedId={Number(params.id) || null} />}</Route>
            <Route path="/follow-ups" component={FollowUpsView} />
            <Route path="/referrals" component={ReferralsView} />
            <Route path="/time" component={TimeView} />
            <Route path="/trash" component={TrashView} />
            <Route path="/settings" component={SettingsView} />
            <Route path="/data" component={DataView} />
            <Route path="/today" component={TodayView} />
            <Route path="/insights" component={InsightsView} />
            <Route>
              <Redirect to="/today" />
            </Route>
          </Switch>
        </main>
      </div>
      <GlobalKeys />
      <CommandPalette />
      {editor && <ContactForm key={editorKey} />}
      <RecordEditorHost />
      <FirstRun />
      <ReminderNotices />
      <Toasts />
    </div>
  );
}

function NoToken() {
  return (
    <div className="empty" role="alert" style={{ marginTop: '15vh' }}>
      <h1>Open Rapport with its address</h1>
      <p>
        In browser mode Rapport only answers the address it printed when it started (it carries a private token). Copy that address from the terminal into
        this window.
      </p>
    </div>
  );
}

/** The app on a book that opened: its screens, and what keeps them current. */
function OpenApp() {
  const loadSettings = useSettingsStore((s) => s.load);
  const settingsError = useSettingsStore((s) => s.error);
  const reload = useContactsStore((s) => s.reload);
  const loadFacets = useContactsStore((s) => s.loadFacets);

  useEffect(() => {
    void loadSettings();
    const offProgress = listenToProgress();
    reload();
    void loadFacets();
    // Another window or a long job changed the book: show it.
    const offChanged = api().on('changed', (e) => {
      if (e.area === 'contacts') void loadFacets();
      // A whole book was swapped in (an import that replaced it, a restored backup): start afresh.
      if (e.area === 'book') window.location.reload();
    });
    // What the back end must tell the owner unasked (an automatic backup that failed, and why).
    const offNotice = api().on('notice', (n) => toast(n.message, { tone: n.level === 'warning' ? 'error' : 'info', timeoutMs: 12_000 }));
    return () => {
      offProgress();
      offChanged();
      offNotice();
    };
  }, [loadSettings, reload, loadFacets]);

  if (settingsError?.code === 'unauthorized') return <NoToken />;
  return (
    <Router hook={useHashLocation}>
      <Shell />
    </Router>
  );
}

export function App() {
  const status = useBookStore((s) => s.status);
  const statusError = useBookStore((s) => s.error);
  const loadStatus = useBookStore((s) => s.load);
  useTheme();

  useEffect(() => {
    void loadStatus();
    const offProgress = listenToProgress();
    return offProgress;
  }, [loadStatus]);

  if (!api().hasToken || statusError?.code === 'unauthorized') return <NoToken />;
  if (statusError) {
    return (
      <div className="empty" role="alert" style={{ marginTop: '15vh' }}>
        <h1>Rapport cannot reach its book</h1>
        <p>{statusError.message}</p>
      </div>
    );
  }
  // A moment at start, before the back end has said whether the book opened.
  if (!status) return null;
  if (status.problem) return <BookRecovery problem={status.problem} />;
  return <OpenApp />;
}
