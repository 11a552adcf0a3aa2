import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A uPlot chart that fills its box: created when its options or data change, resized with the
 * box (ResizeObserver), destroyed on unmount. uPlot draws on a canvas and sets its own element
 * styles through the CSSOM only, which the app's strict style-src allows.
 */
export function UPlotChart({
  options,
  data,
  height,
  onReady,
}: {
  /** Without width and height: the box gives them. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** Called with the chart once it is drawn, and with null when it goes. */
  onReady?: (plot: uPlot | null) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const ready = useRef(onReady);
  useEffect(() => {
    ready.current = onReady;
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(200, Math.floor(el.clientWidth));
    const plot = new uPlot({ ...options, width: width(), height }, data, el);
    ready.current?.(plot);
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const w = width();
        if (w !== plot.width) plot.setSize({ width: w, height });
      });
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      ready.current?.(null);
      plot.destroy();
    };
  }, [options, data, height]);

  return <div ref={box} className="uplot-box" />;
}
