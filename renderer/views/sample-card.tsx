import { Coffee, Briefcase, Trash2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { SAMPLE_KINDS, type SampleKind } from '../../shared/contract/index';
import { api } from '../api/client';
import { SAMPLE_LABELS, sampleSelectors, useSampleStore, type SampleProgress } from '../store/sample-store';

const ICONS: Record<SampleKind, React.ReactNode> = {
  cafe: <Coffee size={16} aria-hidden="true" />,
  consultancy: <Briefcase size={16} aria-hidden="true" />,
};

/** The bar of a load under way; a native <progress> is a labelled progressbar to assistive tech. */
export function SampleProgressBar({ progress }: { progress: SampleProgress }) {
  return (
    <div className="sample-progress" style={{ display: 'flex', flexDirection: 'column', gap: 6, width: '100%' }}>
      <progress
        max={progress.total}
        value={progress.done}
        aria-label={`Loading ${SAMPLE_LABELS[progress.kind].name}`}
        style={{ width: '100%', height: 10, accentColor: 'var(--accent)' }}
      />
      <span className="field-hint" role="status" aria-live="polite">
        {progress.label}…
      </span>
    </div>
  );
}

/**
 * The two "load a sample" buttons with the progress of a load under way: for the first-run
 * screen, Settings and the empty states. `before` runs first under the same bar (first run saves
 * the currency there) and may say no; `onSettled` hears whether the sample went in.
 */
export function SampleButtons({ before, onSettled, primary = false }: { before?: () => Promise<boolean>; onSettled?: (loaded: boolean) => void; primary?: boolean }) {
  const loading = useSampleStore((s) => s.loading);
  const busy = useSampleStore(sampleSelectors.busy);
  const load = useSampleStore((s) => s.load);
  const start = (kind: SampleKind) => {
    void load(kind, before).then((loaded) => onSettled?.(loaded));
  };
  return (
    <div className="sample-buttons" style={{ display: 'flex', flexDirection: 'column', gap: 10, alignItems: 'stretch' }}>
      <div role="group" aria-label="Load a sample business" style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        {SAMPLE_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className={`btn${primary ? ' primary' : ''}`}
            disabled={busy}
            aria-busy={loading?.kind === kind}
            onClick={() => start(kind)}
            style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}
          >
            {ICONS[kind]} {SAMPLE_LABELS[kind].button}
          </button>
        ))}
      </div>
      {loading && <SampleProgressBar progress={loading} />}
    </div>
  );
}

/** Settings' "Sample business" card: load one into an empty book, or remove the one loaded. */
export function SampleCard() {
  const status = useSampleStore((s) => s.status);
  const refresh = useSampleStore((s) => s.refresh);
  const loading = useSampleStore((s) => s.loading);

  useEffect(() => {
    void refresh();
    // Contacts added or removed elsewhere change whether a sample can load.
    return api().on('changed', (e) => {
      if (e.area === 'contacts' || e.area === 'sample') void refresh();
    });
  }, [refresh]);

  return (
    <section className="card" aria-labelledby="sample-business" data-testid="sample-card">
      <h2 id="sample-business">Sample business</h2>
      {status === null ? (
        <p className="muted" style={{ margin: 0 }}>
          Looking at the book…
        </p>
      ) : status.loaded ? (
        <LoadedSample kind={status.loaded} contacts={status.contacts} />
      ) : status.canLoad || loading ? (
        <>
          <p className="muted" style={{ margin: 0 }}>
            Your book is empty. Load a made-up business to see every screen at work: about 300 contacts with two years of visits, purchases, time, referrals and
            follow-ups up to today. You can remove it here, for good, whenever you are ready to start your own.
          </p>
          <SampleButtons />
        </>
      ) : (
        <p className="muted" style={{ margin: 0 }}>
          A sample business loads only into an empty book, and this one holds {status.contacts === 1 ? '1 contact' : `${status.contacts.toLocaleString()} contacts`} of
          your own.
        </p>
      )}
    </section>
  );
}

function LoadedSample({ kind, contacts }: { kind: SampleKind; contacts: number }) {
  const remove = useSampleStore((s) => s.remove);
  const removing = useSampleStore((s) => s.removing);
  const [confirming, setConfirming] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    // Focus goes to the safe choice when asked, and back to the button when the question closes.
    if (confirming) keep.current?.focus();
    else if (wasConfirming.current) ask.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  const name = SAMPLE_LABELS[kind].name;
  return (
    <>
      <p style={{ margin: 0 }}>
        <strong>{name.charAt(0).toUpperCase() + name.slice(1)} is loaded</strong>
        <span className="muted">
          {' '}
          ({contacts === 1 ? '1 contact' : `${contacts.toLocaleString()} contacts`}, two years of made-up history). Removing it deletes its contacts and everything
          about them for good; contacts and records you added yourself stay.
        </span>
      </p>
      {confirming ? (
        <div
          role="alertdialog"
          aria-label={`Remove ${name}?`}
          aria-describedby="sample-remove-warning"
          style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setConfirming(false);
            }
          }}
        >
          <span id="sample-remove-warning">Remove {name} for good? This cannot be undone.</span>
          <button
            type="button"
            className="btn danger"
            disabled={removing}
            onClick={() => {
              void remove().then(() => setConfirming(false));
            }}
          >
            <Trash2 size={15} aria-hidden="true" /> Remove for good
          </button>
          <button type="button" className="btn" ref={keep} disabled={removing} onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <div>
          <button type="button" className="btn danger" ref={ask} onClick={() => setConfirming(true)} style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
            <Trash2 size={15} aria-hidden="true" /> Remove the sample
          </button>
        </div>
      )}
    </>
  );
}
