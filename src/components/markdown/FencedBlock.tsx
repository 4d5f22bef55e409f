import { lazy, Suspense } from 'react';
import { parseChartSpec } from '../../protocol/chart';
import { ChartPlaceholder } from './ChartPlaceholder';
import { loadChartBlock } from './blockRenderers';
import { CodeBlock } from './CodeBlock';

const ChartBlock = lazy(() => loadChartBlock().then((m) => ({ default: m.ChartBlock })));

type FencedBlockProps = {
  language: string | undefined;
  code: string;
  /** False while the block is still streaming. */
  complete?: boolean;
};

/** A fenced block: a chart when it is a `chart` block of the right shape, otherwise code. */
export function FencedBlock({ language, code, complete = true }: FencedBlockProps) {
  const chart = language === 'chart' ? parseChartSpec(code) : null;
  if (chart) {
    return (
      <Suspense fallback={<ChartPlaceholder />}>
        <ChartBlock spec={chart} />
      </Suspense>
    );
  }
  return <CodeBlock language={language} code={code} highlight={complete} />;
}
