import { ArrowRight, Monitor, Moon, Sun } from 'lucide-react';
import { useEffect } from 'react';
import { Link } from 'wouter';
import { THEMES, type Settings } from '../../shared/contract/index';
import { useBackupsStore } from '../store/backups-store';
import { useSettingsStore } from '../store/settings-store';
import { BookCard } from './book-card';
import { ScoringSettings } from './scoring-settings';
import { SampleCard } from './sample-card';

const THEME_LABELS: Record<Settings['theme'], { label: string; icon: React.ReactNode }> = {
  system: { label: 'Follow the system', icon: <Monitor size={15} /> },
  light: { label: 'Light', icon: <Sun size={15} /> },
  dark: { label: 'Dark', icon: <Moon size={15} /> },
};

export function SettingsView() {
  const settings = useSettingsStore((s) => s.settings);
  const info = useSettingsStore((s) => s.info);
  const update = useSettingsStore((s) => s.update);
  const backups = useBackupsStore((s) => s.view);
  const loadBackups = useBackupsStore((s) => s.load);
  useEffect(() => {
    void loadBackups();
  }, [loadBackups]);
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p>Your book, what your time is worth, how Rapport looks, and where your data lives.</p>
        </div>
      </div>
      <section className="card" aria-labelledby="appearance">
        <h2 id="appearance">Appearance</h2>
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {THEMES.map((t) => (
            <button
              key={t}
              type="button"
              role="radio"
              aria-checked={settings?.theme === t}
              aria-pressed={settings?.theme === t}
              onClick={() => void update({ theme: t })}
              style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}
            >
              {THEME_LABELS[t].icon} {THEME_LABELS[t].label}
            </button>
          ))}
        </div>
      </section>
      <BookCard />
      <ScoringSettings />
      <SampleCard />
      <section className="card" aria-labelledby="data">
        <h2 id="data">Your data</h2>
        <p className="muted" style={{ margin: 0 }}>
          Everything is in one SQLite file on this computer. No account, no cloud: back up this folder and you have backed up Rapport.
        </p>
        {info && (
          <dl className="kv">
            <dt>Data folder</dt>
            <dd>{info.dataDir}</dd>
            <dt>Book file</dt>
            <dd>{info.databaseFile}</dd>
            <dt>Backups folder</dt>
            <dd>
              {backups?.dir ?? '…'}
              {backups && (
                <span className="muted" style={{ fontFamily: 'var(--font, inherit)' }}>
                  {' '}
                  · {backups.schedule.auto ? `daily, keeping ${backups.schedule.keepDaily} daily and ${backups.schedule.keepWeekly} weekly` : 'automatic backups off'} ·{' '}
                  {backups.files.length === 1 ? '1 backup' : `${backups.files.length} backups`}
                </span>
              )}
            </dd>
            <dt>Running as</dt>
            <dd>{info.mode === 'desktop' ? 'Desktop app' : 'Browser mode (this computer only)'}</dd>
            <dt>Version</dt>
            <dd>
              {info.version} · schema {info.schemaVersion}
            </dd>
          </dl>
        )}
        <div>
          <Link href="/data" className="btn">
            Import, export and backups <ArrowRight size={15} aria-hidden="true" />
          </Link>
        </div>
      </section>
    </div>
  );
}
