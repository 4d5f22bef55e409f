// The chart library and the syntax highlighter are large and not part of the first download.

export const loadChartBlock = () => import('./ChartBlock');
export const loadHighlightedCode = () => import('./HighlightedCode');

/**
 * Fetches and evaluates the chart and highlighter code ahead of need. Evaluating it when
 * the first chart or code block of an answer arrived was a 50–60 ms task mid-stream.
 * A failed download is tried again when a block needs it.
 */
export function preloadBlockRenderers(): void {
  void loadChartBlock().catch(() => undefined);
  void loadHighlightedCode().catch(() => undefined);
}
