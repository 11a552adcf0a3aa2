import { useCallback, useEffect, useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { InsightsView } from '../../../shared/contract/index';
import { MARK_SINK, MARK_STAR } from '../../../shared/scoring/stars';
import { withAlpha, type ChartTheme } from './chart-theme';
import { UPlotChart } from './uplot-chart';

type Scatter = InsightsView['scatter'];

/** One group of points drawn in one colour, with where each point came from in the columns. */
interface Group {
  xs: number[];
  ys: number[];
  from: number[];
}

/**
 * Ticks for an arcsinh axis: zero and the powers of ten (and their negatives) in range, with 2 and
 * 5 between them when the range spans few decades. uPlot's own asinh ticks also draw every minor
 * line, which is too busy for a calm chart.
 */
export function decadeSplits(min: number, max: number): number[] {
  const out: number[] = [];
  if (min <= 0 && max >= 0) out.push(0);
  const span = Math.max(Math.abs(min), Math.abs(max), 1);
  const decades = Math.ceil(Math.log10(span));
  const steps = decades <= 3 ? [1, 2, 5] : [1];
  // Over many decades, ±1 would crowd zero: start at ±10.
  for (let p = decades > 3 ? 1 : 0; p <= decades; p++) {
    for (const step of steps) {
      const v = step * 10 ** p;
      if (v <= max && v >= min) out.push(v);
      if (-v >= min && -v <= max) out.push(-v);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Points within this many CSS pixels of the pointer are hovered. */
const HOVER_RADIUS = 8;
const CELL = 16;

export interface HoveredPoint {
  /** Its index in the scatter's columns. */
  index: number;
  /** Where it is drawn, in CSS pixels from the chart box's top left. */
  left: number;
  top: number;
}

/**
 * Return against hours for every contact, as uPlot's faceted (mode 2) scatter: points are drawn
 * straight onto the canvas in three passes (everyone, then time sinks, then stars on top), and a
 * grid of the drawn positions finds the point under the pointer without scanning 100,000 of them.
 */
export function ReturnScatter({
  scatter,
  minorPerMajor,
  theme,
  logScale,
  formatAxisMoney,
  height,
  onHover,
  onOpen,
}: {
  scatter: Scatter;
  /** 10^exponent of the currency: returns are drawn in major units. */
  minorPerMajor: number;
  theme: ChartTheme;
  logScale: boolean;
  formatAxisMoney: (major: number) => string;
  height: number;
  onHover: (point: HoveredPoint | null) => void;
  onOpen: (index: number) => void;
}) {
  const groups = useMemo(() => {
    const make = (): Group => ({ xs: [], ys: [], from: [] });
    const others = make();
    const sinks = make();
    const stars = make();
    for (let i = 0; i < scatter.ids.length; i++) {
      const g = scatter.marks[i] === MARK_STAR ? stars : scatter.marks[i] === MARK_SINK ? sinks : others;
      g.xs.push(scatter.minutes[i]! / 60);
      g.ys.push(scatter.totalReturn[i]! / minorPerMajor);
      g.from.push(i);
    }
    return [others, sinks, stars];
  }, [scatter, minorPerMajor]);

  const hoverIndex = useRef<{ cells: Map<number, number[]>; px: Float32Array; py: Float32Array; from: Int32Array; cols: number } | null>(null);
  const plotRef = useRef<uPlot | null>(null);
  const hovered = useRef<number | null>(null);
  const callbacks = useRef({ onHover, onOpen });
  useEffect(() => {
    callbacks.current = { onHover, onOpen };
  });

  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const n = scatter.ids.length;
    // Smaller points as the crowd grows: 100,000 of them still read as a density.
    const size = n > 20_000 ? 2.5 : n > 2_000 ? 4 : 7;
    const colours = [withAlpha(theme.muted, n > 5_000 ? 0.28 : 0.55), theme.bad, theme.good];
    const drawGroup =
      (g: number): uPlot.Series.PathBuilder =>
      (u) => {
        const { xs, ys } = groups[g]!;
        const ctx = u.ctx;
        const s = size * devicePixelRatio;
        const r = s / 2;
        const path = new Path2D();
        for (let i = 0; i < xs.length; i++) {
          const cx = u.valToPos(xs[i]!, 'x', true);
          const cy = u.valToPos(ys[i]!, 'y', true);
          if (s <= 3 * devicePixelRatio) path.rect(cx - r, cy - r, s, s);
          else {
            path.moveTo(cx + r, cy);
            path.arc(cx, cy, r, 0, 2 * Math.PI);
          }
        }
        ctx.save();
        ctx.beginPath();
        ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
        ctx.clip();
        ctx.fillStyle = colours[g]!;
        ctx.fill(path);
        if (g > 0 && size > 3) {
          ctx.strokeStyle = theme.surface;
          ctx.lineWidth = devicePixelRatio;
          ctx.stroke(path);
        }
        ctx.restore();
        return null;
      };

    let maxX = 0;
    let minY = 0;
    let maxY = 0;
    for (const g of groups) {
      for (const x of g.xs) if (x > maxX) maxX = x;
      for (const y of g.ys) {
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    const pad = logScale ? 1.25 : 1.05;
    const axis = (label: string, values: (v: number) => string): uPlot.Axis => ({
      label,
      // On arcsinh axes: our ticks, every one labelled (uPlot's default labels powers of ten only).
      ...(logScale && { splits: (_u: uPlot, _i: number, min: number, max: number) => decadeSplits(min, max), filter: (_u: uPlot, splits: number[]) => splits }),
      stroke: theme.muted,
      font: theme.font,
      labelFont: `600 ${theme.font}`,
      grid: { stroke: withAlpha(theme.border, 0.9), width: 1 },
      ticks: { stroke: theme.border, width: 1 },
      values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : values(v))),
    });
    const hours = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
    return {
      mode: 2,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, distr: logScale ? 4 : 1, asinh: 1, range: () => [0, Math.max(1, maxX * pad)] },
        y: { distr: logScale ? 4 : 1, asinh: 1, range: () => [minY < 0 ? minY * pad : 0, Math.max(1, maxY * pad)] },
      },
      axes: [axis('Hours', (v) => `${hours.format(v)} h`), { ...axis('Return', formatAxisMoney), size: 72 }],
      series: [{}, { paths: drawGroup(0) }, { paths: drawGroup(1) }, { paths: drawGroup(2) }],
      hooks: {
        draw: [
          (u) => {
            // Where every point landed, in CSS pixels inside the plot, bucketed for the pointer.
            const total = groups.reduce((s, g) => s + g.xs.length, 0);
            const px = new Float32Array(total);
            const py = new Float32Array(total);
            const from = new Int32Array(total);
            const cols = Math.ceil(u.bbox.width / devicePixelRatio / CELL) + 1;
            const cells = new Map<number, number[]>();
            let k = 0;
            // Stars last, so a star wins a tie with the crowd under it.
            for (const g of groups) {
              for (let i = 0; i < g.xs.length; i++, k++) {
                const x = u.valToPos(g.xs[i]!, 'x');
                const y = u.valToPos(g.ys[i]!, 'y');
                px[k] = x;
                py[k] = y;
                from[k] = g.from[i]!;
                const cell = Math.floor(y / CELL) * cols + Math.floor(x / CELL);
                const list = cells.get(cell);
                if (list) list.push(k);
                else cells.set(cell, [k]);
              }
            }
            hoverIndex.current = { cells, px, py, from, cols };
          },
        ],
      },
    };
  }, [groups, scatter.ids.length, theme, logScale, formatAxisMoney]);

  const data = useMemo(() => [null, ...groups.map((g) => [g.xs, g.ys])] as unknown as uPlot.AlignedData, [groups]);

  const nearest = useCallback((x: number, y: number): number | null => {
    const index = hoverIndex.current;
    if (!index) return null;
    const cx = Math.floor(x / CELL);
    const cy = Math.floor(y / CELL);
    let best: number | null = null;
    let bestDist = HOVER_RADIUS * HOVER_RADIUS;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        for (const k of index.cells.get((cy + dy) * index.cols + cx + dx) ?? []) {
          const d = (index.px[k]! - x) ** 2 + (index.py[k]! - y) ** 2;
          // Later points are drawn on top: on a tie, the later one.
          if (d <= bestDist) {
            bestDist = d;
            best = k;
          }
        }
      }
    }
    return best;
  }, []);

  const onReady = useCallback(
    (plot: uPlot | null) => {
      plotRef.current = plot;
      if (!plot) return;
      const over = plot.over;
      const move = (e: MouseEvent) => {
        const rect = over.getBoundingClientRect();
        const k = nearest(e.clientX - rect.left, e.clientY - rect.top);
        const index = hoverIndex.current;
        if (k === null || !index) {
          if (hovered.current !== null) callbacks.current.onHover(null);
          hovered.current = null;
          over.style.cursor = '';
          return;
        }
        if (hovered.current === index.from[k]) return;
        hovered.current = index.from[k]!;
        over.style.cursor = 'pointer';
        // From the chart box: the plot sits at bbox's offset inside it.
        const left = plot.bbox.left / devicePixelRatio + index.px[k]!;
        const top = plot.bbox.top / devicePixelRatio + index.py[k]!;
        callbacks.current.onHover({ index: index.from[k]!, left, top });
      };
      const leave = () => {
        hovered.current = null;
        over.style.cursor = '';
        callbacks.current.onHover(null);
      };
      const click = () => {
        if (hovered.current !== null) callbacks.current.onOpen(hovered.current);
      };
      over.addEventListener('mousemove', move);
      over.addEventListener('mouseleave', leave);
      over.addEventListener('click', click);
    },
    [nearest],
  );

  return <UPlotChart options={options} data={data} height={height} onReady={onReady} />;
}
