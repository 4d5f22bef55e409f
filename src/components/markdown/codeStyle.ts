import type { CSSProperties } from 'react';

/**
 * The box of a code block, shared by the plain and the highlighted rendering so that the
 * highlighter arriving (it loads on demand) changes colours only, never the layout.
 */
export const CODE_BLOCK_STYLE: CSSProperties = {
  margin: 0,
  padding: 12,
  fontSize: '0.85rem',
  lineHeight: 1.5,
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  overflowX: 'auto',
  // The block's box (CodeBlock) draws the background and the rounded corners.
  background: 'transparent',
};
