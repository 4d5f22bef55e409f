/**
 * NOTE: the object URL is revoked a moment after the click, not at once: some browsers
 * (older Firefox, Safari) start reading it only after the click handler returns.
 */
export const REVOKE_URL_AFTER_MS = 1000;

/** Saves `blob` as a file: a Blob URL on an `<a download>` the page clicks. */
export function downloadFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_URL_AFTER_MS);
}

/** "Amazon EC2 cost, last 30 days" → `amazon-ec2-cost-last-30-days.csv`; `fallback` without one. */
export function fileNameFor(title: string | undefined, fallback: string, extension: string) {
  const slug = (title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return `${slug || fallback}.${extension}`;
}
