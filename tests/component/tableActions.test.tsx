import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REVOKE_URL_AFTER_MS } from '../../src/components/markdown/downloadFile';
import { MarkdownContent } from '../../src/components/markdown/MarkdownContent';
import { renderWithTheme } from '../support/renderWithStore';

const ANSWER = [
  '## Amazon EC2 cost, last 30 days',
  'The usage types:',
  [
    '| Usage type | Cost | Change | Note |',
    '|---|---:|---:|---|',
    '| **BoxUsage**, m5 | $1,234.50 | -12.5 | says "hi" |',
    '| `a\\|b` and [docs](https://example.com/docs) | -$3.20 | +3.2% | =HYPERLINK("x") |',
    '| @SUM(A1) | -1+1 | +cmd | plain |',
  ].join('\n'),
].join('\n\n');

const EXPECTED_CSV = [
  'Usage type,Cost,Change,Note',
  '"BoxUsage, m5","$1,234.50",-12.5,"says ""hi"""',
  `a|b and docs,-$3.20,+3.2%,"'=HYPERLINK(""x"")"`,
  "'@SUM(A1),'-1+1,'+cmd,plain",
].join('\r\n');

let writeText: ReturnType<typeof vi.fn>;
beforeEach(() => {
  writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});
const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  vi.restoreAllMocks();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
});

/** Records what "Download CSV" saves: the Blob, the file name, and the URL's revocation. */
function captureDownloads() {
  const saved: { blob: Blob; url: string; fileName: string }[] = [];
  const blobs = new Map<string, Blob>();
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    saved.push({ blob: blobs.get(this.href)!, url: this.href, fileName: this.download });
  });
  return saved;
}

/** The Blob's text, with a byte order mark kept as U+FEFF (FileReader's text drops it). */
const readBlob = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve(new TextDecoder('utf-8', { ignoreBOM: true }).decode(reader.result as ArrayBuffer));
    reader.readAsArrayBuffer(blob);
  });

describe('a table in an answer', () => {
  it('offers its actions once it is whole, not while its rows are still streaming in', () => {
    const { rerender } = renderWithTheme(<MarkdownContent content={ANSWER} streaming />);
    expect(screen.queryByRole('button', { name: 'Copy as CSV' })).not.toBeInTheDocument();
    rerender(<MarkdownContent content={ANSWER} />);
    expect(screen.getByRole('button', { name: 'Copy as CSV' })).toBeInTheDocument();
  });

  it('copies the cells the reader sees as CSV: quoted, escaped, formulas defused', async () => {
    renderWithTheme(<MarkdownContent content={ANSWER} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy as CSV' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    expect(writeText.mock.calls[0]![0]).toBe(EXPECTED_CSV);
  });

  it('downloads the same CSV as a text/csv file named after the heading, then frees its URL', async () => {
    const saved = captureDownloads();
    renderWithTheme(<MarkdownContent content={ANSWER} />);
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(saved).toHaveLength(1);
    const [{ blob, url, fileName }] = saved as [(typeof saved)[0]];
    expect(blob.type).toMatch(/^text\/csv/);
    expect(fileName).toBe('amazon-ec2-cost-last-30-days.csv');
    expect(document.querySelector('a[download]')).toBeNull();
    expect(URL.revokeObjectURL).not.toHaveBeenCalled();
    // Excel needs the byte order mark to read UTF-8.
    expect(await readBlob(blob)).toBe(`\uFEFF${EXPECTED_CSV}`);
    await waitFor(() => expect(URL.revokeObjectURL).toHaveBeenCalledWith(url), {
      timeout: REVOKE_URL_AFTER_MS + 1000,
    });
  });

  it('calls a table without a heading table.csv', () => {
    const saved = captureDownloads();
    renderWithTheme(<MarkdownContent content={'| A | B |\n|---|---|\n| 1 | 2 |'} />);
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(saved[0]!.fileName).toBe('table.csv');
  });

  it('exports every row of a table shown only in part', async () => {
    const saved = captureDownloads();
    const rows = Array.from({ length: 2000 }, (_, i) => `| i-${i} | $${i} |`).join('\n');
    renderWithTheme(<MarkdownContent content={`| Instance | Cost |\n|---|---:|\n${rows}`} />);
    expect(screen.getByText('Showing the first 100 of 2,000 rows.')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Copy as CSV' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const lines = (writeText.mock.calls[0]![0] as string).split('\r\n');
    expect(lines).toHaveLength(2001);
    expect(lines[0]).toBe('Instance,Cost');
    expect(lines[2000]).toBe('i-1999,$1999');

    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect((await readBlob(saved[0]!.blob)).split('\r\n')).toEqual([
      `\uFEFF${lines[0]}`,
      ...lines.slice(1),
    ]);
  });

  it('offers both actions as buttons reached with Tab', () => {
    renderWithTheme(<MarkdownContent content={ANSWER} />);
    for (const name of ['Copy as CSV', 'Download CSV']) {
      const button = screen.getByRole('button', { name });
      expect(button.tagName).toBe('BUTTON');
      expect(button).not.toHaveAttribute('tabindex', '-1');
    }
  });
});
