import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebDriverSession } from './webdriver';

const DRIVER_CANDIDATES = ['/usr/bin/WebKitWebDriver'];
const XVFB = '/usr/bin/Xvfb';

interface WebKitGtkInstall {
  driver: string;
  miniBrowser: string;
  /** Xvfb to start, or undefined to use the DISPLAY this process has. */
  xvfb: string | undefined;
}

/**
 * What the WebKit tests need: WebKitWebDriver, WebKitGTK's MiniBrowser (both in Debian's
 * `webkit2gtk-driver`), and an X display. WebKitGTK cannot run headless: MiniBrowser opens a
 * real GTK window, so without a DISPLAY it needs Xvfb (Debian's `xvfb`).
 * Throws, with the install hint, when something is missing.
 */
export function findWebKitGtk(): WebKitGtkInstall {
  const driver = process.env.WEBKIT_WEBDRIVER ?? DRIVER_CANDIDATES.find((path) => existsSync(path));
  if (!driver || !existsSync(driver)) {
    throw new Error(
      'No WebKitWebDriver (install Debian\'s "webkit2gtk-driver", or set WEBKIT_WEBDRIVER).',
    );
  }
  const miniBrowser = process.env.WEBKIT_MINIBROWSER ?? findMiniBrowser();
  if (!miniBrowser || !existsSync(miniBrowser)) {
    throw new Error(
      "No WebKitGTK MiniBrowser under /usr/lib/*/webkit2gtk-4.1 (it comes with Debian's " +
        '"webkit2gtk-driver"), or set WEBKIT_MINIBROWSER.',
    );
  }
  // NOTE: MiniBrowser under GTK's Broadway backend (broadwayd, no X server) starts, but its
  // page has a negative size (innerWidth -122880 with WebKitGTK 2.50), so nothing can be
  // clicked: an X server it is.
  if (existsSync(XVFB)) return { driver, miniBrowser, xvfb: XVFB };
  if (process.env.DISPLAY) return { driver, miniBrowser, xvfb: undefined };
  throw new Error(
    "WebKitGTK needs an X display and there is neither DISPLAY nor Xvfb: install Debian's " +
      '"xvfb" (`apt-get install -y xvfb`).',
  );
}

function findMiniBrowser(): string | undefined {
  const libs = readdirSync('/usr/lib').filter((name) => name.endsWith('-linux-gnu'));
  for (const lib of ['', ...libs]) {
    for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
      const path = join('/usr/lib', lib, api, 'MiniBrowser');
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

export interface LaunchedWebKitGtk {
  session: WebDriverSession;
  /** Ends the session and stops MiniBrowser, the driver and Xvfb. */
  close(): Promise<void>;
}

/** Starts Xvfb (when needed), WebKitWebDriver on a free port, and a MiniBrowser session. */
export async function launchWebKitGtk(): Promise<LaunchedWebKitGtk> {
  const install = findWebKitGtk();
  const started: Started[] = [];
  const stopAll = async () => {
    for (const process of started.reverse()) await process.stop();
  };
  try {
    let display = process.env.DISPLAY;
    if (install.xvfb) {
      const xvfb = await startXvfb(install.xvfb);
      started.push(xvfb.process);
      display = xvfb.display;
    }
    const port = await freePort();
    const driver = startProcess('WebKitWebDriver', install.driver, [`--port=${port}`], {
      ...process.env,
      DISPLAY: display,
      // An X server it is, even in a Wayland session.
      GDK_BACKEND: 'x11',
      WAYLAND_DISPLAY: undefined,
    });
    started.push(driver);
    const serverUrl = `http://127.0.0.1:${port}`;
    await waitForDriver(serverUrl, driver);
    const session = await WebDriverSession.create(serverUrl, {
      'webkitgtk:browserOptions': { binary: install.miniBrowser, args: ['--automation'] },
    });
    return {
      session,
      async close() {
        await session.delete().catch(() => undefined);
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

interface Started {
  child: ChildProcess;
  /** The last few KiB it wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

function startProcess(
  name: string,
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  extraStdio: 'pipe'[] = [],
): Started {
  const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe', ...extraStdio] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => keep(Buffer.from(`${name} could not start: ${error.message}`)));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Xvfb on the first free display number, which it reports through -displayfd. */
async function startXvfb(binary: string): Promise<{ process: Started; display: string }> {
  const xvfb = startProcess(
    'Xvfb',
    binary,
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset'],
    process.env,
    ['pipe'],
  );
  try {
    const number = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(
        () => reject(new Error('Xvfb did not report a display in 10 s')),
        10_000,
      );
      (xvfb.child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) {
          clearTimeout(timer);
          resolve(text.trim());
        }
      });
      xvfb.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Xvfb exited (${code}): ${xvfb.output()}`));
      });
    });
    return { process: xvfb, display: `:${number}` };
  } catch (error) {
    await xvfb.stop();
    throw error;
  }
}

async function waitForDriver(serverUrl: string, driver: Started): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (driver.child.exitCode !== null) {
      throw new Error(`WebKitWebDriver exited (${driver.child.exitCode}): ${driver.output()}`);
    }
    try {
      const response = await fetch(`${serverUrl}/status`, { signal: AbortSignal.timeout(1000) });
      const { value } = (await response.json()) as { value?: { ready?: boolean } };
      if (value?.ready) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver was not ready within 15 s: ${driver.output()}`);
}

/** A TCP port nobody listens on now (the OS picks it; the driver binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
