/** What a copy puts on the clipboard: plain text, and HTML for a rich paste where there is some. */
export type CopyContent = { text: string; html?: string };

/** Writes to the clipboard: both formats where the browser can, plain text where it can't. */
export function writeClipboard({ text, html }: CopyContent): Promise<void> {
  const clipboard = navigator.clipboard;
  if (!clipboard) return Promise.reject(new Error('no clipboard'));
  if (html === undefined || typeof ClipboardItem === 'undefined' || !clipboard.write) {
    return clipboard.writeText(text);
  }
  const item = new ClipboardItem({
    'text/plain': new Blob([text], { type: 'text/plain' }),
    'text/html': new Blob([html], { type: 'text/html' }),
  });
  // Some browsers take writeText but refuse rich items: plain text is still worth having.
  return clipboard.write([item]).catch(() => clipboard.writeText(text));
}
