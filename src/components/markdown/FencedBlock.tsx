import { lazy, startTransition, Suspense, useEffect, useState } from 'react';
import type { ChartSpec } from '../../protocol/chart';
import { parseChartSpec } from '../../protocol/chart';
import { ChartPlaceholder } from './ChartPlaceholder';
import { loadChartBlock } from './blockRenderers';
import { CodeBlock } from './CodeBlock';

const ChartBlock = lazy(() => loadChartBlock().then((m) => ({ default: m.ChartBlock })));

/**
 * Draws a chart in a transition: its first render (scales, axes, a few hundred SVG nodes)
 * took 50–90 ms, and React can split it to keep streaming text and typing responsive.
 */
function DeferredChart({ spec }: { spec: ChartSpec }) {
  const [drawn, setDrawn] = useState(false);
  useEffect(() => startTransition(() => setDrawn(true)), []);
  if (!drawn) return <ChartPlaceholder />;
  return (
    <Suspense fallback={<ChartPlaceholder />}>
      <ChartBlock spec={spec} />
    </Suspense>
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
