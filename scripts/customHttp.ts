/**
 * A strict reader of customHttp.yml, the AWS Amplify Hosting custom headers file: the build
 * (scripts/cspPlugin.ts) takes its Content-Security-Policy from it and the browser test
 * (tests/e2e/csp.test.ts) serves the built app with exactly its headers.
 *
 * No YAML library is installed, so this reads exactly the file's shape: a `customHeaders`
 * list of `pattern` + `headers` (a list of `key` + `value`), block style, with comments and
 * plain, 'single' or "double" quoted one-line scalars. Anything else (flow collections,
 * block scalars, anchors, tabs, unknown keys) throws, naming the line, rather than being
 * read differently from the way Amplify reads it.
 */
import { readFileSync } from 'node:fs';

export interface CustomHeader {
  key: string;
  value: string;
}

export interface CustomHeaderRule {
  /** `**` (every path) or a path starting with `/`, where `*` is one segment and `**` any. */
  pattern: string;
  headers: CustomHeader[];
}

/** The parsed file. */
export type CustomHttp = CustomHeaderRule[];

/** A Content-Security-Policy: directive name (lower case) → its sources, in order. */
export type Csp = Map<string, string[]>;

export const CUSTOM_HTTP_FILE = new URL('../customHttp.yml', import.meta.url);

export function readCustomHttp(file: string | URL = CUSTOM_HTTP_FILE): CustomHttp {
  const text = readFileSync(file, 'utf8');
  try {
    return parseCustomHttp(text);
  } catch (error) {
    throw new Error(`${String(file)}: ${(error as Error).message}`, { cause: error });
  }
}

export function parseCustomHttp(text: string): CustomHttp {
  const root = new BlockParser(text).parseDocument();
  const document = expectMap(root, 'the document', ['customHeaders']);
  const rules = expectList(document.get('customHeaders'), 'customHeaders');
  if (rules.length === 0) throw new Error('customHeaders is empty');
  return rules.map((item, index) => {
    const where = `customHeaders[${index}]`;
    const rule = expectMap(item, where, ['pattern', 'headers']);
    const pattern = expectString(rule.get('pattern'), `${where}.pattern`);
    if (pattern !== '**' && !pattern.startsWith('/')) {
      throw new Error(
        `${where}.pattern "${pattern}": only '**' and paths starting with / are read`,
      );
    }
    const headers = expectList(rule.get('headers'), `${where}.headers`).map((entry, i) => {
      const header = expectMap(entry, `${where}.headers[${i}]`, ['key', 'value']);
      const key = expectString(header.get('key'), `${where}.headers[${i}].key`);
      if (!/^[A-Za-z0-9-]+$/.test(key)) throw new Error(`"${key}" is not a header name`);
      return { key, value: expectString(header.get('value'), `${where}.headers[${i}].value`) };
    });
    const names = headers.map((header) => header.key.toLowerCase());
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated) throw new Error(`${where} sets ${repeated} twice`);
    return { pattern, headers };
  });
}

/**
 * Whether an Amplify pattern matches a URL path: `**` matches anything (slashes too), `*`
 * anything within one path segment, every other character itself.
 */
export function patternMatches(pattern: string, path: string): boolean {
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`).test(path);
}

/**
 * The headers served for a path: those of every rule whose pattern matches it. Two matching
 * rules that set one header to different values throw: which one wins is not documented.
 * Names are lower case.
 */
export function headersFor(rules: CustomHttp, path: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const rule of rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    for (const { key, value } of rule.headers) {
      const name = key.toLowerCase();
      const earlier = headers.get(name);
      if (earlier !== undefined && earlier !== value) {
        throw new Error(`${path}: two patterns that match it set ${key} to different values`);
      }
      headers.set(name, value);
    }
  }
  return headers;
}

/** Parses a policy (as in CSP3 "parse a serialized CSP"), refusing what browsers would skip. */
export function parseCsp(policy: string): Csp {
  const csp: Csp = new Map();
  for (const token of policy.split(';')) {
    const [name, ...sources] = token.trim().split(/\s+/).filter(Boolean);
    if (name === undefined) continue;
    const directive = name.toLowerCase();
    if (!/^[a-z-]+$/.test(directive)) throw new Error(`"${name}" is not a CSP directive name`);
    // Browsers keep the first and ignore a repeated directive, with only a console warning.
    if (csp.has(directive)) throw new Error(`the policy names ${directive} twice`);
    csp.set(directive, sources);
  }
  return csp;
}

export function serializeCsp(csp: Csp): string {
  return [...csp].map(([directive, sources]) => [directive, ...sources].join(' ')).join('; ');
}

// ---------------------------------------------------------------------------------------
// The YAML subset.

type Node = string | Node[] | Map<string, Node>;

interface Line {
  number: number;
  indent: number;
  text: string;
}

const PLAIN_KEY = /^([A-Za-z][A-Za-z0-9_-]*):(?:\s+(.*))?$/;

class BlockParser {
  private readonly lines: Line[] = [];
  private index = 0;

  constructor(text: string) {
    text.split(/\r?\n/).forEach((raw, i) => {
      const number = i + 1;
      if (/^\s*\t/.test(raw))
        throw new Error(`line ${number}: tabs are not allowed in indentation`);
      const text = raw.trimEnd();
      const content = text.trimStart();
      if (content === '' || content.startsWith('#')) return;
      // A document start marker is allowed before the content.
      if (content === '---' && this.lines.length === 0) return;
      if (/^(---|\.\.\.)(\s|$)/.test(content)) {
        throw new Error(`line ${number}: only one YAML document is read`);
      }
      this.lines.push({ number, indent: text.length - content.length, text: content });
    });
  }

  parseDocument(): Node {
    const first = this.lines[0];
    if (!first) throw new Error('the file is empty');
    if (first.indent !== 0) throw new Error(`line ${first.number}: unexpected indentation`);
    const node = this.parseBlock(0);
    const rest = this.lines[this.index];
    if (rest) throw new Error(`line ${rest.number}: unexpected indentation`);
    return node;
  }

  private parseBlock(indent: number): Node {
    const line = this.lines[this.index]!;
    return line.text === '-' || line.text.startsWith('- ')
      ? this.parseList(indent)
      : this.parseMap(indent);
  }

  private parseList(indent: number): Node[] {
    const items: Node[] = [];
    for (let line = this.lines[this.index]; line && line.indent === indent;) {
      if (!(line.text === '-' || line.text.startsWith('- '))) {
        throw new Error(`line ${line.number}: expected a "- " list item`);
      }
      const rest = line.text.slice(1).trimStart();
      if (rest === '') throw new Error(`line ${line.number}: empty list items are not read`);
      if (PLAIN_KEY.test(rest)) {
        // "- key: value" opens a map whose keys line up with "key".
        const itemIndent = indent + (line.text.length - rest.length);
        this.lines[this.index] = { number: line.number, indent: itemIndent, text: rest };
        items.push(this.parseMap(itemIndent));
      } else {
        items.push(scalar(rest, line.number));
        this.index += 1;
      }
      line = this.lines[this.index];
    }
    return items;
  }

  private parseMap(indent: number): Map<string, Node> {
    const map = new Map<string, Node>();
    for (let line = this.lines[this.index]; line && line.indent === indent;) {
      const match = PLAIN_KEY.exec(line.text);
      if (!match) throw new Error(`line ${line.number}: expected "key: value", got "${line.text}"`);
      const key = match[1]!;
      if (map.has(key)) throw new Error(`line ${line.number}: ${key} appears twice`);
      const rest = match[2]?.trim() ?? '';
      this.index += 1;
      if (rest === '' || rest.startsWith('#')) {
        const child = this.lines[this.index];
        if (!child || child.indent <= indent) {
          throw new Error(`line ${line.number}: ${key} has no value`);
        }
        map.set(key, this.parseBlock(child.indent));
      } else {
        map.set(key, scalar(rest, line.number));
      }
      line = this.lines[this.index];
      if (line && line.indent > indent) {
        throw new Error(`line ${line.number}: unexpected indentation`);
      }
    }
    return map;
  }
}

/** A one-line scalar: 'single quoted', "double quoted" (\" and \\ only) or plain. */
function scalar(text: string, lineNumber: number): string {
  const fail = (why: string): never => {
    throw new Error(`line ${lineNumber}: ${why}`);
  };
  let value: string;
  let end: number;
  if (text.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'/.exec(text) ?? fail('unterminated single-quoted string');
    value = match[1]!.replace(/''/g, "'");
    end = match[0].length;
  } else if (text.startsWith('"')) {
    const match = /^"((?:[^"\\]|\\["\\])*)"/.exec(text) ?? fail('unterminated or escaped string');
    value = match[1]!.replace(/\\(["\\])/g, '$1');
    end = match[0].length;
  } else {
    if (/^[[\]{}&*!|>%@`,?:-]/.test(text)) fail(`"${text}" needs quotes to be read here`);
    value = text.replace(/\s+#.*$/, '');
    if (/:\s/.test(value)) fail(`"${value}" needs quotes (it contains ": ")`);
    // Unquoted, YAML would read these as booleans, numbers or null, not strings.
    if (/^(true|false|yes|no|on|off|null|~|[-+.0-9][0-9._e+-]*)$/i.test(value)) {
      fail(`quote "${value}" so that it is read as a string`);
    }
    return value;
  }
  const after = text.slice(end);
  if (after !== '' && !/^\s+#/.test(after)) fail(`unexpected "${after.trim()}" after the string`);
  return value;
}

function expectMap(node: Node | undefined, where: string, keys: string[]): Map<string, Node> {
  if (!(node instanceof Map)) throw new Error(`${where} must be a map of ${keys.join(', ')}`);
  for (const key of node.keys()) {
    if (!keys.includes(key))
      throw new Error(`${where} has ${key}; only ${keys.join(', ')} are read`);
  }
  for (const key of keys) {
    if (!node.has(key)) throw new Error(`${where} has no ${key}`);
  }
  return node;
}

function expectList(node: Node | undefined, where: string): Node[] {
  if (!Array.isArray(node)) throw new Error(`${where} must be a list`);
  return node;
}

function expectString(node: Node | undefined, where: string): string {
  if (typeof node !== 'string') throw new Error(`${where} must be a string`);
  return node;
}
