import type { CSSProperties } from 'react';

/**
 * The box of a code block, shared by the plain and the highlighted rendering so that the
 * highlighter arriving (it loads on demand) changes colours only, never the layout.
 */
export const CODE_BLOCK_STYLE: CSSProperties = {
  margin: 0,
  padding: '12px 40px 12px 12px',
  fontSize: '0.85rem',
  lineHeight: 1.5,
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  overflowX: 'auto',
  borderRadius: 8,
  background: 'var(--mui-palette-action-hover)',
};
