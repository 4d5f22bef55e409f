import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBackend } from '../../../scripts/backendUrl';
import {
  checkHtml,
  imageHosts,
  injectMetaPolicy,
  inlineScripts,
  metaPolicyFor,
  scriptHashSource,
} from '../../../scripts/cspPlugin';
import {
  headersFor,
  parseCsp,
  parseCustomHttp,
  patternMatches,
  readCustomHttp,
  serializeCsp,
} from '../../../scripts/customHttp';

const rules = readCustomHttp();
const policyOf = (path: string) =>
  parseCsp(headersFor(rules, path).get('content-security-policy')!);

describe("the project's customHttp.yml", () => {
  it('gives every path the CSP and the security headers', () => {
    for (const path of [
      '/',
      '/index.html',
      '/assets/index-abc123.js',
      '/favicon.svg',
      '/a/route',
    ]) {
      const headers = headersFor(rules, path);
      expect(headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('permissions-policy')).toMatch(
        /camera=\(\).*geolocation=\(\).*microphone=\(\)/,
      );
      const csp = policyOf(path);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('connect-src')).toEqual(["'self'", 'wss:']);
      // No remote images, and no data: ones: nothing in the app needs them.
      expect(csp.get('img-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')![0]).toBe("'self'");
    }
  });

  it("lists exactly the hashes of index.html's inline scripts, and nothing looser", () => {
    const hashes = inlineScripts(readFileSync('index.html', 'utf8')).map(scriptHashSource);
    expect(hashes.length).toBeGreaterThan(0);
    expect(policyOf('/').get('script-src')).toEqual(["'self'", ...hashes]);
  });

  it('caches hashed assets for a year and makes index.html be asked for every time', () => {
    expect(headersFor(rules, '/assets/index-abc123.js').get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(headersFor(rules, '/assets/fonts/x.woff2').get('cache-control')).toMatch(/immutable/);
    expect(headersFor(rules, '/index.html').get('cache-control')).toBe('no-cache');
    expect(headersFor(rules, '/').get('cache-control')).toBe('no-cache');
    expect(headersFor(rules, '/favicon.svg').has('cache-control')).toBe(false);
    expect(headersFor(rules, '/assetsx/a.js').has('cache-control')).toBe(false);
  });
});

describe('reading customHttp.yml', () => {
  const file = (body: string) => `customHeaders:\n${body}`;

  it('reads the quoting styles and comments the file may use', () => {
    const parsed = parseCustomHttp(
      [
        '# comment',
        '---',
        'customHeaders: # the list',
        "  - pattern: '**' # every path",
        '    headers:',
        "      - key: 'A'",
        `        value: "default-src 'self'; x \\"y\\" \\\\"`,
        '',
        '      - key: B',
        "        value: 'it''s # not a comment'",
        '      -   key: C',
        '          value: plain text # a comment',
        '  - pattern: /x/*',
        '    headers:',
        '        - key: D',
        "          value: 'd'",
      ].join('\n'),
    );
    expect(parsed).toEqual([
      {
        pattern: '**',
        headers: [
          { key: 'A', value: `default-src 'self'; x "y" \\` },
          { key: 'B', value: "it's # not a comment" },
          { key: 'C', value: 'plain text' },
        ],
      },
      { pattern: '/x/*', headers: [{ key: 'D', value: 'd' }] },
    ]);
  });

  it.each([
    [
      'a flow collection',
      file("  - pattern: '**'\n    headers: [{ key: a, value: b }]"),
      /needs quotes/,
    ],
    [
      'a block scalar',
      file("  - pattern: '**'\n    headers:\n      - key: a\n        value: |\n          b"),
      /needs quotes/,
    ],
    [
      'an alias, as an unquoted ** is',
      file('  - pattern: **\n    headers:\n      - key: a\n        value: b'),
      /line 2: "\*\*" needs quotes/,
    ],
    ['a tab', file("\t- pattern: '**'"), /line 2: tabs/],
    [
      'an unknown key',
      file("  - pattern: '**'\n    status: '200'\n    headers:\n      - key: a\n        value: b"),
      /has status; only pattern, headers/,
    ],
    ['a missing value', file("  - pattern: '**'\n    headers:\n      - key: a"), /has no value/],
    [
      'a repeated key',
      file("  - pattern: '**'\n    pattern: '/'\n    headers:\n      - key: a\n        value: b"),
      /line 3: pattern appears twice/,
    ],
    [
      'a header set twice',
      file(
        "  - pattern: '**'\n    headers:\n      - key: a\n        value: b\n      - key: A\n        value: c",
      ),
      /sets a twice/,
    ],
    [
      'misaligned keys',
      file("  - pattern: '**'\n      headers:\n      - key: a\n        value: b"),
      /line 3: unexpected indentation/,
    ],
    ['an escape other than \\" and \\\\', file('  - pattern: "\\n"'), /unterminated or escaped/],
    [
      'a number',
      file("  - pattern: '**'\n    headers:\n      - key: a\n        value: 300"),
      /quote "300"/,
    ],
    ['text after a string', file("  - pattern: '**' x"), /unexpected "x"/],
    ['a second document', `${file("  - pattern: '**'")}\n---\nx: y`, /one YAML document/],
    [
      'a pattern Amplify may read otherwise',
      file("  - pattern: '*.json'\n    headers:\n      - key: a\n        value: b"),
      /only '\*\*' and paths starting with \//,
    ],
    ['no rules', 'customHeaders:\n  []', /expected "key: value", got "\[\]"/],
    [
      'another top-level key',
      'applications:\n  - appRoot: a',
      /has applications; only customHeaders/,
    ],
    ['an empty file', '# nothing\n', /empty/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseCustomHttp(text)).toThrow(message);
  });

  it('matches patterns as Amplify globs: ** any path, * one segment', () => {
    expect(patternMatches('**', '/')).toBe(true);
    expect(patternMatches('**', '/a/b.js')).toBe(true);
    expect(patternMatches('/assets/**', '/assets/a/b.js')).toBe(true);
    expect(patternMatches('/assets/**', '/assets.js')).toBe(false);
    expect(patternMatches('/x/*', '/x/a')).toBe(true);
    expect(patternMatches('/x/*', '/x/a/b')).toBe(false);
    expect(patternMatches('/index.html', '/indexxhtml')).toBe(false);
    expect(patternMatches('/', '/index.html')).toBe(false);
  });

  it('refuses two matching patterns that set one header differently', () => {
    const conflicting = parseCustomHttp(
      file(
        "  - pattern: '**'\n    headers:\n      - key: Cache-Control\n        value: no-store\n" +
          "  - pattern: '/'\n    headers:\n      - key: cache-control\n        value: no-cache",
      ),
    );
    expect(headersFor(conflicting, '/x').get('cache-control')).toBe('no-store');
    expect(() => headersFor(conflicting, '/')).toThrow(/set cache-control to different values/i);
  });

  it('parses a policy into directives and sources, and back', () => {
    const csp = parseCsp("  Default-Src 'self' ;script-src  'self' 'sha256-x=';; img-src  ");
    expect([...csp]).toEqual([
      ['default-src', ["'self'"]],
      ['script-src', ["'self'", "'sha256-x='"]],
      ['img-src', []],
    ]);
    expect(serializeCsp(csp)).toBe("default-src 'self'; script-src 'self' 'sha256-x='; img-src");
    expect(() => parseCsp("img-src 'self'; IMG-SRC data:")).toThrow(/names img-src twice/);
  });
});

describe('the CSP the build writes into index.html', () => {
  const header = policyOf('/index.html');

  it('narrows connect-src to the exact backend and leaves out frame-ancestors', () => {
    const meta = metaPolicyFor(
      header,
      buildBackend({ VITE_WS_URL: 'wss://api.example.com/prod' }),
      [],
    );
    expect(meta.get('connect-src')).toEqual(['wss://api.example.com']);
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(meta.get('script-src')).toEqual(header.get('script-src'));
    expect(meta.get('object-src')).toEqual(["'none'"]);
    const mock = metaPolicyFor(header, buildBackend({ VITE_USE_MOCK: 'true' }), []);
    expect(mock.get('connect-src')).toEqual(["'self'"]);
  });

  it('adds the image hosts the build allows, when the header allows them too', () => {
    const allowing = parseCsp(
      serializeCsp(header).replace("img-src 'self'", "img-src 'self' https://docs.aws.amazon.com"),
    );
    const backend = buildBackend({ VITE_WS_URL: 'wss://api.example.com' });
    const hosts = imageHosts(' Docs.AWS.amazon.com, ');
    expect(metaPolicyFor(allowing, backend, hosts).get('img-src')).toEqual([
      "'self'",
      'https://docs.aws.amazon.com',
    ]);
    expect(() => metaPolicyFor(header, backend, hosts)).toThrow(
      /VITE_IMAGE_HOSTS names https:\/\/docs\.aws\.amazon\.com, which customHttp\.yml's img-src does not allow/,
    );
    const withoutImgSrc = parseCsp("default-src 'self' https:; connect-src wss:");
    expect(metaPolicyFor(withoutImgSrc, backend, hosts).get('img-src')).toEqual([
      "'self'",
      'https:',
      'https://docs.aws.amazon.com',
    ]);
    expect(() => imageHosts("a.com; script-src 'unsafe-inline'")).toThrow(/not a host name/);
  });

  it('fails when the header would block the backend anyway', () => {
    const narrow = parseCsp("default-src 'self'; connect-src 'self'");
    expect(() =>
      metaPolicyFor(narrow, buildBackend({ VITE_WS_URL: 'wss://api.example.com' }), []),
    ).toThrow(/connect-src \('self'\) does not allow wss:\/\/api\.example\.com/);
    const exact = parseCsp("default-src 'self'; connect-src wss://api.example.com");
    expect(
      metaPolicyFor(exact, buildBackend({ VITE_WS_URL: 'wss://api.example.com/p' }), []).get(
        'connect-src',
      ),
    ).toEqual(['wss://api.example.com']);
    expect(() => metaPolicyFor(exact, buildBackend({ VITE_USE_MOCK: 'true' }), [])).toThrow(
      /must allow 'self'/,
    );
  });

  it('puts the meta right after <meta charset>, before any script', () => {
    const html =
      '<html><head>\n    <meta charset="UTF-8" />\n    <script>x()</script></head></html>';
    const injected = injectMetaPolicy(html, `script-src 'self' "<x>" &`);
    expect(injected).toContain(
      '<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="script-src \'self\' &quot;&lt;x&gt;&quot; &amp;" />\n    <script>',
    );
    expect(() => injectMetaPolicy('<html><head></head></html>', 'x')).toThrow(/<meta charset>/);
  });

  it('finds an inline script the header does not allow, an event handler and a late meta', () => {
    const meta = '<meta http-equiv="Content-Security-Policy" content="x" />';
    const allowed = scriptHashSource('a()');
    expect(
      inlineScripts('<script>a()</script><script type="module" src="/x.js"></script>'),
    ).toEqual(['a()']);
    expect(
      checkHtml(`<head>${meta}<script>a()</script><script src="/b.js"></script>`, [
        "'self'",
        allowed,
      ]),
    ).toEqual([]);
    const problems = checkHtml(
      `<head><script>a()</script>${meta}<script>b()</script><body><img src=x onerror="c()">`,
      ["'self'", allowed],
    );
    expect(problems).toEqual([
      'the CSP <meta> comes after a <script>, <link> or <style>',
      `the inline script starting "b()" would be blocked: add ${scriptHashSource('b()')} to script-src in customHttp.yml's Content-Security-Policy`,
      'an inline event handler would be blocked: <img src=x onerror=',
    ]);
    expect(checkHtml('<head></head>', [])).toEqual(['it has 0 CSP <meta> elements, not one']);
  });

  it('hashes a script as CSP does: SHA-256 of its UTF-8 text, base64', () => {
    // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
    expect(scriptHashSource('alert(1)')).toBe(
      "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='",
    );
  });
});
