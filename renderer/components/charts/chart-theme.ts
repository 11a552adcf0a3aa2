import { useEffect, useState } from 'react';

/**
 * The app's colours for drawing on a canvas. A canvas cannot read CSS variables, and ours hold
 * light-dark() pairs, so each one is resolved by the browser on a hidden probe (its computed
 * colour is plain rgb) and resolved again whenever the theme changes.
 */
export interface ChartTheme {
  text: string;
  muted: string;
  faint: string;
  border: string;
  surface: string;
  accent: string;
  good: string;
  warn: string;
  bad: string;
  /** The chart's font, as canvas wants it. */
  font: string;
}

const VARIABLES = ['text', 'muted', 'faint', 'border', 'surface', 'accent', 'good', 'warn', 'bad'] as const;

function resolveTheme(): ChartTheme {
  const probe = document.createElement('span');
  probe.setAttribute('aria-hidden', 'true');
  probe.hidden = true;
  document.body.appendChild(probe);
  const colours = {} as Record<(typeof VARIABLES)[number], string>;
  try {
    for (const name of VARIABLES) {
      probe.style.color = `var(--${name})`;
      colours[name] = getComputedStyle(probe).color;
    }
  } finally {
    probe.remove();
  }
  const family = getComputedStyle(document.body).fontFamily || 'system-ui, sans-serif';
  return { ...colours, font: `12px ${family}` };
}

/** The colour with an alpha: rgb(1, 2, 3) → rgba(1, 2, 3, 0.5). */
export function withAlpha(colour: string, alpha: number): string {
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(colour);
  return m ? `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})` : colour;
}

/** The resolved colours, updated when the owner or the system switches between light and dark. */
export function useChartTheme(): ChartTheme | null {
  const [theme, setTheme] = useState<ChartTheme | null>(null);
  useEffect(() => {
    const update = () => setTheme(resolveTheme());
    update();
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', update);
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
    return () => {
      media.removeEventListener('change', update);
      observer.disconnect();
    };
  }, []);
  return theme;
}
