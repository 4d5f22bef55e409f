import { lazyWithPreload } from '../common/lazyWithPreload';

/**
 * A conversation's menu and its dialogs (Menu, Dialog, TextField): not needed for the first
 * screen, so a chunk of their own. The list fetches it when the browser is first idle.
 */
export const LazySessionActions = lazyWithPreload(() =>
  import('./SessionActions').then((m) => m.SessionActions),
);
