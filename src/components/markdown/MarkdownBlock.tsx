import { memo, useState } from 'react';
import { BlockOverflow } from './BlockOverflow';
import { FencedBlock } from './FencedBlock';
import { closesFence, fenceOpenedBy } from './fences';
import { FullTableSource, TableStreaming } from './fullTableSource';
import { limitNesting } from './limitNesting';
import { LazyMarkdownText } from './lazyMarkdownText';
import { DELIMITER_ROW, HEADING } from './splitBlocks';

/** Longer tables are shown in part, with "Show all" and copy: thousands of MUI rows are slow. */
export const TABLE_PREVIEW_ROWS = 100;

/** A block that is one top-level fenced code block: its language and code. */
function fenceOf(source: string) {
  const lines = source.split('\n');
  const fence = fenceOpenedBy(lines[0]!);
  if (!fence || fence.indent !== '') return null;
  const closed = lines.length > 1 && closesFence(lines[lines.length - 1]!, fence);
  return {
    language: fence.info.split(/\s/)[0] || undefined,
    code: lines.slice(1, closed ? -1 : undefined).join('\n'),
  };
}

function isTable(lines: string[]) {
  return lines.length > 2 && lines[0]!.includes('|') && DELIMITER_ROW.test(lines[1]!);
}

type MarkdownBlockProps = {
  source: string;
  /** Link reference definitions of the whole answer (see splitBlocks). */
  definitions: string;
  /** The last block of an answer still streaming. */
  streaming: boolean;
};

/** The class of a block's box: MarkdownArea spaces blocks by kind. */
const blockClass = (kind: 'heading' | 'table' | 'other') => `md-block md-${kind}`;

/**
 * One block of an answer. Memoized on its source: while an answer streams, the blocks
 * before the last one keep their source and are never parsed or rendered again.
 */
export const MarkdownBlock = memo(function MarkdownBlock({
  source,
  definitions,
  streaming,
}: MarkdownBlockProps) {
  const [showAll, setShowAll] = useState(false);
  // A top-level code or chart block needs no markdown parser, however long it grows.
  const fence = fenceOf(source);
  if (fence) {
    return (
      <div className={blockClass('other')}>
        <FencedBlock {...fence} complete={!streaming} />
      </div>
    );
  }

  const lines = source.split('\n');
  const table = isTable(lines);
  const rows = table ? lines.length - 2 : 0;
  const partial = !showAll && rows > TABLE_PREVIEW_ROWS;
  const shown = partial ? lines.slice(0, TABLE_PREVIEW_ROWS + 2).join('\n') : source;
  const text = limitNesting(definitions ? `${shown}\n\n${definitions}` : shown);
  const kind = table ? 'table' : HEADING.test(source) ? 'heading' : 'other';
  return (
    <div className={blockClass(kind)}>
      <FullTableSource.Provider value={partial ? source : null}>
        <TableStreaming value={streaming}>
          <LazyMarkdownText source={text} />
        </TableStreaming>
      </FullTableSource.Provider>
      {partial && (
        <BlockOverflow
          shown={TABLE_PREVIEW_ROWS}
          total={rows}
          unit="rows"
          copyText={source}
          copyLabel="Copy whole table"
          onShowAll={() => setShowAll(true)}
        />
      )}
    </div>
  );
});
