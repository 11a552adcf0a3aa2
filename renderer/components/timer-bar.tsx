import { Play, Square, X } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';
import { Link } from 'wouter';
import type { ApiError } from '../../shared/contract/index';
import { api } from '../api/client';
import { formatElapsed, timerSelectors, useTimerStore } from '../store/timer-store';
import { ContactPicker } from './contact-picker';
import '../views/time.css';

function StartPopover({ onClose }: { onClose: () => void }) {
  const start = useTimerStore((s) => s.start);
  const busy = useTimerStore((s) => s.busy);
  const [on, setOn] = useState<'contact' | 'activity'>('contact');
  const [activity, setActivity] = useState('');
  const [source, setSource] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const ref = useRef<HTMLDivElement | null>(null);
  const activityRef = useRef<HTMLInputElement | null>(null);

  const errors = useMemo(() => new Map((error?.issues ?? []).map((i) => [i.field, i.message])), [error]);
  const general = error && !errors.has('contactId') && !errors.has('activity') && !errors.has('source') ? error.message : null;

  useEffect(() => {
    const away = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node) && !(e.target as HTMLElement).closest?.('.timer-start')) onClose();
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [onClose]);

  useEffect(() => {
    if (on === 'activity') activityRef.current?.focus();
  }, [on]);

  const go = async (input: { contactId: number } | { activity: string; source: string }) => {
    const result = await start(input);
    if (result.ok) onClose();
    else setError(result.error);
  };

  return (
    <div
      ref={ref}
      className="timer-pop"
      role="dialog"
      aria-label="Start the timer"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="segmented" role="group" aria-label="Time on">
        <button type="button" aria-pressed={on === 'contact'} onClick={() => setOn('contact')}>
          A contact
        </button>
        <button type="button" aria-pressed={on === 'activity'} onClick={() => setOn('activity')}>
          An activity
        </button>
      </div>
      {general && (
        <div className="form-error" role="alert">
          {general}
        </div>
      )}
      {on === 'contact' ? (
        <div className="field">
          <ContactPicker
            id="timer-contact"
            label="Contact to time"
            autoFocus
            invalid={errors.has('contactId')}
            describedBy={errors.has('contactId') ? 'err-timer-contact' : undefined}
            onPick={(c) => void go({ contactId: c.id })}
          />
          {errors.get('contactId') && (
            <span className="field-error" id="err-timer-contact" role="alert">
              {errors.get('contactId')}
            </span>
          )}
        </div>
      ) : (
        <form
          className="timer-pop-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void go({ activity, source });
          }}
        >
          <div className="field">
            <label htmlFor="timer-activity">Activity</label>
            <input
              ref={activityRef}
              id="timer-activity"
              className="input"
              placeholder="Posting on Instagram, the newsletter…"
              value={activity}
              aria-invalid={errors.has('activity') ? true : undefined}
              aria-describedby={errors.has('activity') ? 'err-timer-activity' : undefined}
              onChange={(e) => setActivity(e.target.value)}
            />
            {errors.get('activity') && (
              <span className="field-error" id="err-timer-activity" role="alert">
                {errors.get('activity')}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor="timer-source">Source it works for (optional)</label>
            <input
              id="timer-source"
              className="input"
              placeholder="instagram, events…"
              value={source}
              aria-invalid={errors.has('source') ? true : undefined}
              onChange={(e) => setSource(e.target.value)}
            />
            {errors.get('source') && (
              <span className="field-error" role="alert">
                {errors.get('source')}
              </span>
            )}
          </div>
          <button type="submit" className="btn primary" disabled={busy}>
            <Play size={14} /> Start
          </button>
        </form>
      )}
    </div>
  );
}

/** The running timer, in the top bar on every screen; or a button to start one. */
export function TimerBar() {
  const timer = useTimerStore((s) => s.timer);
  const loaded = useTimerStore((s) => s.loaded);
  const elapsed = useTimerStore(timerSelectors.elapsedMs);
  const label = useTimerStore(timerSelectors.label);
  const load = useTimerStore((s) => s.load);
  const stop = useTimerStore((s) => s.stop);
  const cancel = useTimerStore((s) => s.cancel);
  const busy = useTimerStore((s) => s.busy);
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    void load();
    const off = api().on('changed', (e) => {
      if (e.area === 'timer' || e.area === 'contacts') void load();
    });
    // The page was hidden (a sleeping laptop): read the timer again when it comes back.
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      off();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  useHotkeys(
    'shift+t',
    () => {
      if (useTimerStore.getState().timer) void stop();
      else setPicking((p) => !p);
    },
    { preventDefault: true },
  );

  if (!loaded) return null;

  if (!timer) {
    return (
      <div className="timer-bar">
        <button
          type="button"
          className="btn timer-start"
          aria-expanded={picking}
          aria-haspopup="dialog"
          title="Start the timer on a contact or an activity (Shift+T)"
          onClick={() => setPicking((p) => !p)}
        >
          <Play size={14} /> Start timer
        </button>
        {picking && <StartPopover onClose={() => setPicking(false)} />}
      </div>
    );
  }

  const name = label ?? '';
  return (
    <div className="timer-bar running" role="group" aria-label="Running timer">
      <span className="timer-dot" aria-hidden="true" />
      {timer.contactId !== null ? (
        <Link href={`/contacts/${timer.contactId}`} className="timer-what" title={`Open ${name}`}>
          {name}
        </Link>
      ) : (
        <span className="timer-what" title={timer.source ? `${name} · ${timer.source}` : name}>
          {name}
        </span>
      )}
      <span className="timer-elapsed" role="timer">
        {formatElapsed(elapsed)}
      </span>
      <button type="button" className="btn small timer-stop" disabled={busy} onClick={() => void stop()} title="Stop and record the time (Shift+T)">
        <Square size={12} fill="currentColor" /> Stop
      </button>
      <button type="button" className="icon-btn" disabled={busy} onClick={() => void cancel()} title="Discard the timer without recording" aria-label="Discard the timer">
        <X size={15} />
      </button>
    </div>
  );
}
