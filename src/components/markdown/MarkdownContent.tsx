import Box from '@mui/material/Box';
import { memo, type ReactNode, type Ref, useMemo } from 'react';
import { ChartPlaceholder } from './ChartPlaceholder';
import { ANSWER_TOP_LEVEL, HeadingShift, topHeadingLevel } from './headingLevels';
import { completeTail } from './completeTail';
import { MarkdownBlock } from './MarkdownBlock';
import { splitBlocks } from './splitBlocks';

type MarkdownContentProps = {
  content: string;
  /** The answer is still arriving: its end may be cut anywhere (see completeTail). */
  streaming?: boolean;
  /**
   * The answer ended early (stopped, or failed part way): its end is cut like a stream's and
   * is completed the same way, but an unfinished chart is left out rather than shown loading.
   */
  cutOff?: boolean;
};

const areaStyle = {
  overflowWrap: 'anywhere',
  // The flag comment tells Emotion this selector is meant; nothing here renders on a server.
  '& > :first-child /* emotion-disable-server-rendering-unsafe-selector-warning-please-do-not-use-this-the-warning-exists-for-a-reason */':
    { mt: 0 },
  '& > :last-child': { mb: 0 },
  // Each block has its own box (MarkdownBlock), which its content's margins don't cross: the
  // box carries the spacing, and adjacent boxes' margins collapse as the content's would.
  '& > .md-block': { my: 1 },
  '& > .md-heading': { mt: 2 },
  '& > .md-table': { my: 1.5 },
  '& > .md-block > :first-child': { mt: 0 },
  '& > .md-block > :last-child': { mb: 0 },
  '& p, & ul, & ol': { my: 1 },
  // By the level the answer wrote (md-hN), not the one shown (headingLevels.ts).
  '& :is(h1, h2, h3, h4, h5, h6)': { mt: 2, mb: 1, lineHeight: 1.3, fontSize: '1rem' },
  '& .md-h1': { fontSize: '1.35rem' },
  '& .md-h2': { fontSize: '1.2rem' },
  '& .md-h3, & .md-h4': { fontSize: '1.05rem' },
  '& :not(pre) > code': {
    fontFamily: 'monospace',
    fontSize: '0.9em',
    px: 0.5,
    borderRadius: 0.5,
    bgcolor: 'action.hover',
  },
} as const;

/**
 * The box markdown is rendered in, with the typography of answers. Kept apart from
 * MarkdownContent so that a streamed update, which re-renders the content, does not also
 * restyle the box: computing these styles cost more than rendering the changed block.
 */
export const MarkdownArea = memo(function MarkdownArea({
  children,
  ref,
}: {
  children: ReactNode;
  ref?: Ref<HTMLDivElement>;
}) {
  return (
    <Box ref={ref} sx={areaStyle}>
      {children}
    </Box>
  );
});

/**
 * Assistant content: GitHub-flavoured markdown, raw HTML shown as text, to be placed in a
 * MarkdownArea. Rendered block by block (see splitBlocks), so a streamed delta re-renders
 * only the block it extends.
 */
export function MarkdownContent({
  content,
  streaming = false,
  cutOff = false,
}: MarkdownContentProps) {
  const { blocks, openFence, definitions } = useMemo(() => splitBlocks(content), [content]);
  // A line scan, as cheap as splitting; the value changes only when a higher heading comes.
  const top = useMemo(() => topHeadingLevel(content), [content]);
  const last = blocks.length - 1;
  const tail = (streaming || cutOff) && last >= 0 ? completeTail(blocks[last]!, openFence) : null;

  return (
    <HeadingShift value={top === 0 ? 0 : ANSWER_TOP_LEVEL - top}>
      {blocks.map((block, i) => (
        <MarkdownBlock
          // Blocks only ever grow at the end, so the index is a stable identity.
          key={i}
          source={i === last && tail ? tail.source : block}
          definitions={definitions}
          streaming={i === last && streaming}
        />
      ))}
      {streaming && tail?.chartPending && <ChartPlaceholder />}
    </HeadingShift>
  );
}
