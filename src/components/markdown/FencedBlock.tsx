import Box from '@mui/material/Box';
import { lazy, startTransition, Suspense, useEffect, useRef, useState } from 'react';
import type { ChartSpec } from '../../protocol/chart';
import { parseChartSpec } from '../../protocol/chart';
import { ChartPlaceholder } from './ChartPlaceholder';
import { loadChartBlock } from './blockRenderers';
import { CodeBlock } from './CodeBlock';

const ChartBlock = lazy(() => loadChartBlock().then((m) => ({ default: m.ChartBlock })));

/**
 * Draws a chart in a transition: its first render (scales, axes, a few hundred SVG nodes)
 * took 50–90 ms, and React can split it to keep streaming text and typing responsive. The
 * chart is given its width, measured here, because without one MUI X Charts measures its
 * container in a layout effect and renders everything a second time in the same task.
 */
function DeferredChart({ spec }: { spec: ChartSpec }) {
  const frame = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const element = frame.current;
    if (!element) return undefined;
    const measure = () => startTransition(() => setWidth(element.clientWidth));
    if (typeof ResizeObserver === 'undefined') {
      measure();
      return undefined;
    }
    // It reports the first size too, once the placeholder is laid out.
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <Box ref={frame}>
      {width === null ? (
        <ChartPlaceholder />
      ) : (
        <Suspense fallback={<ChartPlaceholder />}>
          <ChartBlock spec={spec} width={width} />
        </Suspense>
      )}
    </Box>
  );
}

type FencedBlockProps = {
  language: string | undefined;
  code: string;
  /** False while the block is still streaming. */
  complete?: boolean;
};

/** A fenced block: a chart when it is a `chart` block of the right shape, otherwise code. */
export function FencedBlock({ language, code, complete = true }: FencedBlockProps) {
  const chart = language === 'chart' ? parseChartSpec(code) : null;
  if (chart) return <DeferredChart spec={chart} />;
  return <CodeBlock language={language} code={code} highlight={complete} />;
}
