/** The composer's text field: the skip link's target. */
export const COMPOSER_ID = 'composer';

/** Puts the keyboard focus in the composer. */
export function focusComposer(): void {
  document.getElementById(COMPOSER_ID)?.focus();
}

/**
 * After an action whose next step is writing (a new chat, a deleted one, a follow-up sent),
 * focus goes to the composer instead of staying on a button that is gone or lost to the page.
 * Not on touch screens: there focusing a text field opens the on-screen keyboard, which would
 * cover the answer the reader is waiting for.
 */
export function returnToComposer(): void {
  if (window.matchMedia?.('(pointer: coarse) and (hover: none)').matches) return;
  focusComposer();
}
