// Content security, proven: well over a hundred XSS and injection payloads from the public
// cheat sheets (see xssPayloads.ts) arrive as assistant answers, streamed in pieces that cut
// them anywhere, in text, links, images, raw HTML, tables, code and charts. The built app must
// run none of them, offer no javascript:/vbscript:/data: link, fetch nothing an answer names,
// and stay usable.
//
// NOTE: the context bypasses any Content-Security-Policy (bypassCSP), so this proves the
// renderer itself. A CSP (tests/e2e/csp.test.ts) is a second wall, not the one tested here.
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { ScriptedBackend, type ScriptedAnswer } from '../support/scriptedBackend';
import { chartTitle, PAYLOAD_GROUPS, tableMarkdown, type Place } from './xssPayloads';

/** Payloads per answer: enough answers to exercise settled and live messages, few enough to be fast. */
const PER_ANSWER = 10;
/** An odd delta size, so streamed deltas cut payloads at varying points. */
const DELTA_CHARS = 37;

interface Batch {
  question: string;
  place: Place;
  payloads: string[];
  content: string;
  sentinel: string;
  shownVerbatim: boolean;
}

function batches(): Batch[] {
  const out: Batch[] = [];
  for (const group of PAYLOAD_GROUPS) {
    const size = group.place === 'table' ? group.payloads.length : PER_ANSWER;
    for (let at = 0; at < group.payloads.length; at += size) {
      const payloads = group.payloads.slice(at, at + size);
      const n = out.length + 1;
      const sentinel = `End of batch ${n}.`;
      const body = group.place === 'table' ? tableMarkdown(payloads) : payloads.join('\n\n');
      out.push({
        question: `Render batch ${n}`,
        place: group.place,
        payloads,
        content: `Batch ${n}, ${group.place}:\n\n${body}\n\n${sentinel}`,
        sentinel,
        shownVerbatim: group.shownVerbatim ?? false,
      });
    }
  }
  return out;
}

interface DetectorReport {
  hits: number;
  log: string[];
  violations: string[];
}

/**
 * Runs in every frame before the app: counts anything a payload could do when it runs, and
 * watches the DOM, for the whole run, streamed intermediate states included, for elements
 * and attributes an answer must never produce. Self-contained: Playwright sends its source.
 */
function installDetectors() {
  const w = window as unknown as Record<string, unknown>;
  const top = (() => {
    try {
      return window.top as unknown as Record<string, unknown> | null;
    } catch {
      return null;
    }
  })();
  let hits = 0;
  const log: string[] = [];
  const violations: string[] = [];
  const report = (what: string) => {
    if (top && top !== w && typeof top.__xssHit === 'function') {
      (top.__xssHit as (what: string) => void)(`(frame) ${what}`);
      return;
    }
    hits += 1;
    log.push(what);
  };
  w.__xssHit = report;
  Object.defineProperty(window, '__xss', {
    configurable: false,
    get: () => hits,
    set: (value: unknown) => report(`__xss set to ${String(value)}`),
  });
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
    w[name] = (...args: unknown[]) => {
      report(`${name}(${args.map(String).join(', ')})`);
      return null;
    };
  }

  const DANGEROUS = /^(javascript|vbscript|data):/;
  const normalize = (value: string) =>
    // Browsers drop leading C0 controls and spaces and every tab and newline in a URL.
    // eslint-disable-next-line no-control-regex
    value.replace(/[\u0000-\u0020\u007f-\u009f\s]/g, '').toLowerCase();
  const URL_ATTRIBUTES = new Set([
    'href',
    'xlink:href',
    'src',
    'srcset',
    'srcdoc',
    'action',
    'formaction',
    'data',
    'poster',
    'background',
    'codebase',
    'cite',
    'longdesc',
    'dynsrc',
    'lowsrc',
    'ping',
  ]);
  // Elements no answer may create in the transcript (markdown makes none of them; raw HTML
  // must stay text).
  const BANNED = new Set(
    (
      'script iframe frame frameset embed object applet base meta link form input textarea ' +
      'select option button img image video audio source track picture marquee details math ' +
      'isindex foreignobject animate set style noscript template portal xss x'
    ).split(' '),
  );
  const describeElement = (el: Element) => `<${el.localName}> ${el.outerHTML.slice(0, 160)}`;
  const check = (el: Element, into: string[]) => {
    const inTranscript = el.closest('[role="log"]') !== null;
    // Buttons of the app's own (copy code, show all) are not from the answer.
    if (inTranscript && BANNED.has(el.localName) && el.localName !== 'button') {
      into.push(`element ${describeElement(el)}`);
    }
    if (inTranscript && el.localName === 'button' && el.hasAttribute('formaction')) {
      into.push(`formaction ${describeElement(el)}`);
    }
    for (const attribute of Array.from(el.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = normalize(attribute.value);
      if (name.startsWith('on')) into.push(`handler ${name} on ${describeElement(el)}`);
      if (URL_ATTRIBUTES.has(name) && DANGEROUS.test(value)) {
        into.push(`${name}=${attribute.value} on ${describeElement(el)}`);
      }
      if (name === 'srcdoc') into.push(`srcdoc on ${describeElement(el)}`);
      if (inTranscript && name === 'style' && /expression\(|url\((?!['"]?#)/.test(value)) {
        into.push(`style ${attribute.value} on ${describeElement(el)}`);
      }
    }
    if (el instanceof HTMLAnchorElement || el instanceof HTMLAreaElement) {
      if (el.hasAttribute('href') && DANGEROUS.test(el.protocol)) {
        into.push(`resolved ${el.protocol} link ${describeElement(el)}`);
      }
    }
  };
  const checkTree = (root: Element, into: string[]) => {
    check(root, into);
    for (const el of Array.from(root.querySelectorAll('*'))) check(el, into);
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target instanceof Element) {
        check(record.target, violations);
      }
      for (const node of Array.from(record.addedNodes)) {
        if (node instanceof Element) checkTree(node, violations);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });

  w.__xssReport = (): DetectorReport => {
    const now: string[] = [];
    if (document.documentElement) checkTree(document.documentElement, now);
    return { hits, log: [...log], violations: [...new Set([...violations, ...now])] };
  };
}

// Browsers drop leading C0 controls and spaces, and every tab and newline, in a URL.
// eslint-disable-next-line no-control-regex
const IGNORED_IN_URLS = /[\u0000-\u0020\u007f-\u009f\s]/g;

/** A URL that runs script or carries its own document when followed. */
const dangerous = (url: string) =>
  /^(javascript|vbscript|data):/.test(url.replace(IGNORED_IN_URLS, '').toLowerCase());

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

interface Watch {
  context: BrowserContext;
  page: Page;
  dialogs: string[];
  popups: string[];
  navigations: string[];
  /** Requests for another origin (aborted, never sent) or of a kind answers must not cause. */
  foreign: string[];
  /** Every request after the app had loaded, to own origin or not. */
  afterLoad: Request[];
  sockets: string[];
  errors: string[];
  loaded: boolean;
}

async function open(backend: ScriptedBackend): Promise<Watch> {
  const baseUrl = inject('baseUrl');
  const origin = new URL(baseUrl).origin;
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  const watch: Watch = {
    context,
    page,
    dialogs: [],
    popups: [],
    navigations: [],
    foreign: [],
    afterLoad: [],
    sockets: [],
    errors: [],
    loaded: false,
  };
  await context.addInitScript(installDetectors);
  // Nothing leaves the machine: another origin's request is recorded and aborted.
  await context.route('**/*', async (route) => {
    const request = route.request();
    if (new URL(request.url()).origin === origin) return route.continue();
    watch.foreign.push(`${request.resourceType()} ${request.url()}`);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    if (watch.loaded) watch.afterLoad.push(request);
  });
  context.on('page', (popup) => watch.popups.push(popup.url()));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('websocket', (socket) => watch.sockets.push(socket.url()));
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('framenavigated', (frame) => {
    if (watch.loaded) watch.navigations.push(frame.url());
  });
  await page.routeWebSocket(/\/ws/, backend.serve);
  await page.goto(baseUrl);
  await page.getByRole('textbox', { name: 'Message' }).waitFor();
  watch.loaded = true;
  return watch;
}

async function ask(page: Page, question: string) {
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(question);
  await input.press('Enter');
}

const report = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xssReport: () => DetectorReport }).__xssReport());

interface Link {
  tag: string;
  raw: string;
  resolved: string;
}

/** Everything in `bubble` that a click or a frame could follow, with where it goes. */
const linksIn = (bubble: Locator): Promise<Link[]> =>
  bubble
    .locator(':is(a[href], area[href], [formaction], iframe, embed, object, frame, form[action])')
    .evaluateAll((elements) =>
      elements.map((el) => {
        const raw =
          el.getAttribute('href') ??
          el.getAttribute('formaction') ??
          el.getAttribute('action') ??
          el.getAttribute('src') ??
          el.getAttribute('data') ??
          '';
        return { tag: el.localName, raw, resolved: (el as HTMLAnchorElement).href ?? '' };
      }),
    );

describe('XSS and injection payloads in answers', () => {
  const all = batches();
  const count = all.reduce((sum, batch) => sum + batch.payloads.length, 0);

  it(`renders ${count} payloads without running, linking or fetching any`, async () => {
    expect(count).toBeGreaterThanOrEqual(100);
    const answers = new Map<string, ScriptedAnswer>(
      all.map((batch) => [batch.question, { content: batch.content, deltaChars: DELTA_CHARS }]),
    );
    const backend = new ScriptedBackend(answers);
    const watch = await open(backend);
    const { page } = watch;
    const bubbles = page.getByRole('article', { name: 'Assistant said' });

    // Older answers far from the view are not rendered (SettledMessages), so each answer is
    // looked at while it is the latest: its links collected, its charts and text hovered.
    const clickable: Link[] = [];
    let images = 0;
    for (const batch of all) {
      await ask(page, batch.question);
      const bubble = bubbles.filter({ hasText: batch.sentinel });
      await bubble.waitFor({ timeout: 15_000 });
      if (batch.place === 'chart') {
        // Every chart was drawn, so its payloads went through the chart, not a code block. A
        // chart is drawn once it is on screen: bring each waiting one there, as a reader would.
        const waiting = bubble.getByRole('img', { name: 'Chart loading' });
        await expect
          .poll(
            async () => {
              if ((await waiting.count()) > 0) await waiting.first().scrollIntoViewIfNeeded();
              return bubble.getByRole('figure').count();
            },
            { timeout: 20_000 },
          )
          .toBe(batch.payloads.length);
        for (const payload of batch.payloads) {
          const title = chartTitle(payload)!;
          await bubble.getByRole('figure', { name: title, exact: true }).waitFor();
        }
      }
      if (batch.shownVerbatim) {
        // Raw HTML is shown as the text it is, not dropped and not turned into elements.
        // (Backticks aside: OWASP's `javascript:…` IMG vector is a code span in markdown.)
        const unticked = (text: string) => text.replaceAll('`', '');
        const text = unticked((await bubble.textContent()) ?? '');
        for (const payload of batch.payloads) expect(text).toContain(unticked(payload));
      }
      const { violations } = await report(page);
      expect(violations, `after "${batch.question}" (${batch.place})`).toEqual([]);

      // Tooltips and pointer handlers: move over every chart and over the answer.
      for (const figure of await bubble.getByRole('figure').all()) {
        await figure.scrollIntoViewIfNeeded();
        await figure.hover();
        await figure.hover({ position: { x: 100, y: 150 } });
      }
      await bubble.scrollIntoViewIfNeeded();
      await bubble.hover();
      clickable.push(...(await linksIn(bubble)));
      images += await bubble.locator('img').count();
    }
    // Give error events, timers and lazy loads a moment to fire, were there any.
    await page.waitForTimeout(500);

    const final = await report(page);
    expect(final.log, 'script ran').toEqual([]);
    expect(final.hits).toBe(0);
    expect(watch.dialogs, 'dialogs').toEqual([]);
    expect(final.violations, 'dangerous DOM').toEqual([]);

    // No javascript:, vbscript: or data: URL anywhere a click or a frame could follow it.
    expect(clickable.filter((link) => link.tag !== 'a' && link.tag !== 'area')).toEqual([]);
    expect(clickable.filter((link) => dangerous(link.raw) || dangerous(link.resolved))).toEqual([]);
    // The answers did offer links (the safe ones), so the query above looked at something.
    expect(clickable.some((link) => link.raw.startsWith('https://evil.example/'))).toBe(true);
    expect(images).toBe(0);

    // Nothing fetched: no other origin, no image, media, frame or document from an answer.
    expect(watch.foreign, 'requests to other origins').toEqual([]);
    const fetchedByContent = watch.afterLoad
      .filter((r) => !['script', 'stylesheet', 'fetch', 'xhr'].includes(r.resourceType()))
      .map((r) => `${r.resourceType()} ${r.url()}`);
    expect(fetchedByContent, 'requests an answer caused').toEqual([]);
    expect(watch.popups, 'popups').toEqual([]);
    expect(watch.navigations, 'navigations').toEqual([]);
    expect(page.url()).toBe(inject('baseUrl'));
    for (const url of watch.sockets) expect(url.startsWith(inject('wsUrl'))).toBe(true);

    // Still alive: a round trip to the page comes back, and the composer takes a question.
    const alive = await Promise.race([
      page.evaluate(
        () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(42))),
      ),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000)),
    ]);
    expect(alive).toBe(42);
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('Still there?');
    expect(await input.inputValue()).toBe('Still there?');
    await input.press('Enter');
    await bubbles.last().getByText('You asked: Still there?').waitFor();
    expect(watch.errors).toEqual([]);
    await watch.context.close();
  }, 120_000);
});
