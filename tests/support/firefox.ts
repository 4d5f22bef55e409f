import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { firefox, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
const SHIM = resolve(import.meta.dirname, 'firefoxBidiShim.ts');
const ROOT = resolve(import.meta.dirname, '../..');

/** A system Firefox (FIREFOX_PATH, else Debian's firefox-esr or firefox); throws how to get one. */
export function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`FIREFOX_PATH is set to ${fromEnv}, but there is no file there.`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  throw new Error(
    `No Firefox at ${CANDIDATES.join(' or ')}. Install it (Debian: ` +
      '`apt-get install -y firefox-esr`) or set FIREFOX_PATH.',
  );
}

export interface LaunchedFirefox {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Firefox driven by Playwright over WebDriver BiDi (the `moz-firefox` channel, which takes
 * a stock Firefox rather than Playwright's patched build). Playwright starts the shim in
 * firefoxBidiShim.ts as if it were Firefox; the shim starts the real one.
 */
export async function launchFirefox(): Promise<LaunchedFirefox> {
  const binary = findFirefox();
  const dir = mkdtempSync(join(tmpdir(), 'finops-firefox-'));
  const wrapper = join(dir, 'firefox');
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  // `--import tsx` is resolved from the working directory: the repository's.
  writeFileSync(
    wrapper,
    `#!/bin/sh\ncd ${quote(ROOT)} && exec ${quote(process.execPath)} --import tsx ` +
      `${quote(SHIM)} ${quote(binary)} "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  try {
    const browser = await firefox.launch({
      channel: 'moz-firefox',
      executablePath: wrapper,
      headless: true,
      timeout: 60_000,
    });
    return {
      browser,
      async close() {
        await browser.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
