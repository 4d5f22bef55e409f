import { whenIdle } from '../common/lazyWithPreload';
import { preloadBlockRenderers } from './blockRenderers';
import { LazyMarkdownText } from './lazyMarkdownText';

/**
 * Everything an answer is drawn with (markdown, then charts and code), each when the browser
 * is next idle. Called once there is an answer to come: a question being written, or a
 * conversation on screen. Not on an empty first screen: there it was half a megabyte of
 * code to fetch and evaluate that a visitor who asks nothing never needs.
 */
export function preloadAnswerRenderers(): void {
  whenIdle(() => {
    LazyMarkdownText.preload();
    whenIdle(preloadBlockRenderers);
  });
}
