/**
 * The service worker of a build (`vite build` only): writes `sw.js` from
 * scripts/serviceWorker.js with the list of files to precache and a version made from them.
 *
 * Every file the build writes is in the list: index.html (as the URL the app is opened at),
 * the hashed files under assets/ (lazy chunks too, so an answer with a chart or code still
 * renders offline) and the files of public/. The version is a hash of their names and
 * contents, so a deploy that changes anything gives a new sw.js, which browsers install on
 * the next page load; a deploy that changes nothing leaves the installed worker alone.
 *
 * src/app/registerServiceWorker.ts registers it, in production builds only.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

/** Where the worker is served, relative to the base URL; its scope is the base URL. */
export const SERVICE_WORKER_FILE = 'sw.js';

const TEMPLATE_FILE = new URL('./serviceWorker.js', import.meta.url);

/** A file the build writes: its path under the output folder and its contents. */
export interface BuiltFile {
  fileName: string;
  source: string | Uint8Array;
}

export interface ServiceWorkerConstants {
  version: string;
  precache: string[];
  shell: string;
  assets: string;
}

export function serviceWorkerPlugin(): Plugin {
  let base = '/';
  let assetsDir = 'assets';
  let publicDir = '';
  return {
    name: 'finops-service-worker',
    apply: 'build',
    // After Vite's HTML plugin and cspPlugin, so index.html is the one written.
    enforce: 'post',
    configResolved(config) {
      base = config.base;
      assetsDir = config.build.assetsDir;
      publicDir = config.build.copyPublicDir ? config.publicDir : '';
    },
    generateBundle(_options, bundle) {
      const files: BuiltFile[] = [
        ...Object.values(bundle).map((file) => ({
          fileName: file.fileName,
          source: file.type === 'chunk' ? file.code : file.source,
        })),
        ...publicFiles(publicDir),
      ];
      if (files.some((file) => file.fileName === SERVICE_WORKER_FILE)) {
        this.error(`${SERVICE_WORKER_FILE} is written by scripts/serviceWorkerPlugin.ts`);
      }
      if (!files.some((file) => file.fileName === 'index.html')) {
        this.error('The build wrote no index.html for the service worker to serve offline');
      }
      const constants = serviceWorkerConstants(files, base, assetsDir);
      this.emitFile({
        type: 'asset',
        fileName: SERVICE_WORKER_FILE,
        source: serviceWorkerSource(readFileSync(TEMPLATE_FILE, 'utf8'), constants),
      });
    },
  };
}

/**
 * What the worker needs to know of a build. Source maps and Vite's own manifests are left
 * out: the page never loads them.
 */
export function serviceWorkerConstants(
  files: readonly BuiltFile[],
  base: string,
  assetsDir: string,
): ServiceWorkerConstants {
  const served = files
    .filter((file) => !file.fileName.endsWith('.map') && !file.fileName.startsWith('.vite/'))
    .sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of served) {
    // The name and a hash of the contents: a change to either changes the version.
    const contents = createHash('sha256').update(file.source).digest('hex');
    hash.update(`${file.fileName.length}:${file.fileName}:${contents}\n`);
  }
  // index.html is cached under the URL the app is opened at (some hosts redirect
  // /index.html to /, and a redirected response cannot answer a navigation).
  const precache = served.map((file) =>
    file.fileName === 'index.html' ? base : `${base}${file.fileName}`,
  );
  return {
    version: hash.digest('hex').slice(0, 16),
    precache,
    shell: base,
    assets: `${base}${assetsDir}/`,
  };
}

/** The worker's text: the constants as JavaScript literals, then the template. */
export function serviceWorkerSource(template: string, constants: ServiceWorkerConstants): string {
  const lines = [
    '// Written by scripts/serviceWorkerPlugin.ts at build time; the source is scripts/serviceWorker.js.',
    `const VERSION = ${JSON.stringify(constants.version)};`,
    `const PRECACHE = ${JSON.stringify(constants.precache, null, 2)};`,
    `const SHELL = ${JSON.stringify(constants.shell)};`,
    `const ASSETS = ${JSON.stringify(constants.assets)};`,
  ];
  return `${lines.join('\n')}\n\n${template}`;
}

/** The files of public/, which Vite copies to the output as they are. */
function publicFiles(dir: string): BuiltFile[] {
  if (!dir) return [];
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return []; // no public/ folder
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return {
        fileName: relative(dir, path).split(sep).join('/'),
        source: readFileSync(path),
      };
    });
}
