import { useCallback, useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import type { MonthFigures } from '../../../shared/contract/index';
import { withAlpha, type ChartTheme } from './chart-theme';
import { UPlotChart } from './uplot-chart';

/**
 * Return (bars) and invested (a line) by month on the money axis, hours (a dashed line) on its own
 * axis at the right. Hovering a month reports its index, for the figures shown above the chart.
 */
export function MonthChart({
  months,
  minorPerMajor,
  theme,
  monthLabel,
  formatAxisMoney,
  height,
  onHover,
}: {
  months: MonthFigures[];
  minorPerMajor: number;
  theme: ChartTheme;
  /** "Nov" or "Jan 2026" for the axis. */
  monthLabel: (index: number) => string;
  formatAxisMoney: (major: number) => string;
  height: number;
  onHover: (index: number | null) => void;
}) {
  const hover = useRef(onHover);
  useEffect(() => {
    hover.current = onHover;
  });

  const data = useMemo<uPlot.AlignedData>(
    () => [
      months.map((_, i) => i),
      months.map((m) => m.return / minorPerMajor),
      months.map((m) => m.invested / minorPerMajor),
      months.map((m) => m.minutes / 60),
    ],
    [months, minorPerMajor],
  );

  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const n = months.length;
    const money = data.slice(1, 3).flat() as number[];
    const hours = data[3] as number[];
    const hourFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
    const axis: Partial<uPlot.Axis> = {
      stroke: theme.muted,
      font: theme.font,
      labelFont: `600 ${theme.font}`,
      grid: { stroke: withAlpha(theme.border, 0.9), width: 1 },
      ticks: { stroke: theme.border, width: 1 },
    };
    // A label every few months when there are many, on whole months only.
    const every = Math.max(1, Math.ceil(n / 12));
    const bars = uPlot.paths.bars?.({ size: [0.62, 56] });
    return {
      legend: { show: false },
      cursor: { x: true, y: false, points: { show: false }, drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: () => [-0.5, Math.max(0.5, n - 0.5)] },
        money: { range: () => [Math.min(0, ...money) * 1.1, Math.max(1, ...money) * 1.1] },
        hours: { range: () => [0, Math.max(1, ...hours) * 1.15] },
      },
      axes: [
        {
          ...axis,
          grid: { show: false },
          splits: () => months.map((_, i) => i).filter((i) => i % every === (n - 1) % every),
          values: (_u, splits) => splits.map((i) => monthLabel(i)),
        },
        { ...axis, scale: 'money', label: 'Return and invested', size: 72, values: (_u, splits) => splits.map((v) => formatAxisMoney(v)) },
        { ...axis, scale: 'hours', side: 1, label: 'Hours', size: 56, grid: { show: false }, values: (_u, splits) => splits.map((v) => hourFormat.format(v)) },
      ],
      series: [
        {},
        { label: 'Return', scale: 'money', stroke: theme.accent, fill: withAlpha(theme.accent, 0.7), width: 0, ...(bars && { paths: bars }), points: { show: false } },
        { label: 'Invested', scale: 'money', stroke: theme.warn, width: 2, points: { show: n <= 24, size: 6, fill: theme.warn } },
        { label: 'Hours', scale: 'hours', stroke: theme.muted, width: 1.5, dash: [5, 4], points: { show: false } },
      ],
      hooks: {
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            hover.current(idx === null || idx === undefined ? null : idx);
          },
        ],
      },
    };
  }, [months, data, theme, monthLabel, formatAxisMoney]);

  const onReady = useCallback((plot: uPlot | null) => {
    if (!plot) return;
    plot.over.addEventListener('mouseleave', () => hover.current(null));
  }, []);

  return <UPlotChart options={options} data={data} height={height} onReady={onReady} />;
}
