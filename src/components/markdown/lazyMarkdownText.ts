import { lazyWithPreload } from '../common/lazyWithPreload';
import { SourceText } from './SourceText';

/**
 * The markdown renderer (react-markdown, micromark, GFM: a third of the app's JavaScript) in
 * a chunk of its own. A first screen without answers is drawn without it, and it loads once
 * a question is being written (preloadAnswerRenderers); a first screen with answers waits
 * for it (see main.tsx), so they never flash unformatted.
 */
export const LazyMarkdownText = lazyWithPreload(
  () => import('./MarkdownText').then((m) => m.MarkdownText),
  SourceText,
);
