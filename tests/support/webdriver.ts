/**
 * A small client for classic W3C WebDriver (JSON over HTTP), for engines Playwright cannot
 * drive: Debian's WebKitGTK through WebKitWebDriver. Only what the browser tests use.
 * https://www.w3.org/TR/webdriver2/
 */

/** The key the spec assigns to Enter (WebDriver, "Keyboard actions"). */
export const ENTER_KEY = '\uE007';
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
const COMMAND_TIMEOUT_MS = 30_000;

/** A WebDriver error response: `error` is the spec's code, e.g. "no such element". */
export class WebDriverError extends Error {
  constructor(
    readonly command: string,
    readonly error: string,
    message: string,
  ) {
    super(`WebDriver ${command} failed: ${error}${message ? `: ${message}` : ''}`);
  }
}

/** One browser session of a WebDriver server. */
export class WebDriverSession {
  private constructor(
    private readonly url: string,
    readonly capabilities: Record<string, unknown>,
  ) {}

  /** Starts a session on the server at `serverUrl` (e.g. http://127.0.0.1:4444). */
  static async create(
    serverUrl: string,
    alwaysMatch: Record<string, unknown>,
  ): Promise<WebDriverSession> {
    const { sessionId, capabilities } = await request<{
      sessionId: string;
      capabilities: Record<string, unknown>;
    }>('POST', `${serverUrl}/session`, { capabilities: { alwaysMatch } }, 'new session', 60_000);
    return new WebDriverSession(`${serverUrl}/session/${sessionId}`, capabilities);
  }

  command<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return request<T>(method, `${this.url}${path}`, body, `${method} ${path}`);
  }

  async navigate(url: string): Promise<void> {
    await this.command('POST', '/url', { url });
  }

  async refresh(): Promise<void> {
    await this.command('POST', '/refresh', {});
  }

  async setWindowRect(rect: { width: number; height: number }): Promise<void> {
    await this.command('POST', '/window/rect', rect);
  }

  /** Runs `fn` in the page with `args` (JSON values) and returns its JSON result. */
  execute<T, A extends unknown[]>(fn: (...args: A) => T, ...args: A): Promise<Awaited<T>> {
    return this.command('POST', '/execute/sync', {
      script: `return (${fn.toString()}).apply(null, arguments);`,
      args,
    });
  }

  /** The first element matching a CSS selector; throws "no such element" when there is none. */
  async findElement(selector: string): Promise<string> {
    const found = await this.command<Record<string, string>>('POST', '/element', {
      using: 'css selector',
      value: selector,
    });
    return found[ELEMENT_KEY]!;
  }

  async click(element: string): Promise<void> {
    await this.command('POST', `/element/${element}/click`, {});
  }

  async clear(element: string): Promise<void> {
    await this.command('POST', `/element/${element}/clear`, {});
  }

  /** Types `text` into the element, as keystrokes (ENTER_KEY presses Enter). */
  async sendKeys(element: string, text: string): Promise<void> {
    await this.command('POST', `/element/${element}/value`, { text });
  }

  async delete(): Promise<void> {
    await this.command('DELETE', '');
  }
}

async function request<T>(
  method: string,
  url: string,
  body: unknown,
  command: string,
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value: unknown }).value;
  } catch {
    throw new WebDriverError(command, `HTTP ${response.status}`, text.slice(0, 500));
  }
  if (!response.ok) {
    const failure = (value ?? {}) as { error?: string; message?: string };
    throw new WebDriverError(
      command,
      failure.error ?? `HTTP ${response.status}`,
      failure.message ?? '',
    );
  }
  return value as T;
}
