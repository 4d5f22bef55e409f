import { describe, expect, it } from 'vitest';
import { buildBackend } from '../../../scripts/backendUrl';

describe('the backend of a production build', () => {
  it('takes a wss:// URL and gives its origin for connect-src', () => {
    const backend = buildBackend({
      VITE_WS_URL: 'wss://abc123.execute-api.eu-west-1.amazonaws.com/prod',
    });
    expect(backend).toEqual({
      kind: 'remote',
      url: 'wss://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      origin: 'wss://abc123.execute-api.eu-west-1.amazonaws.com',
      connectSource: 'wss://abc123.execute-api.eu-west-1.amazonaws.com',
    });
  });

  it('keeps a port that is not the default in the origin, and drops the default one', () => {
    expect(buildBackend({ VITE_WS_URL: 'wss://api.example.com:8443/ws' }).connectSource).toBe(
      'wss://api.example.com:8443',
    );
    expect(buildBackend({ VITE_WS_URL: 'WSS://API.Example.com:443/ws' }).connectSource).toBe(
      'wss://api.example.com',
    );
  });

  it.each(['ws://localhost:8787/ws', 'ws://127.0.0.1:8787/ws', 'ws://[::1]:8787/ws'])(
    'allows ws:// to this machine: %s',
    (url) => {
      const backend = buildBackend({ VITE_WS_URL: url });
      expect(backend).toMatchObject({ kind: 'remote', origin: url.slice(0, -'/ws'.length) });
    },
  );

  it.each([
    'ws://example.com/ws',
    'ws://api.example.com:8787',
    'ws://10.0.0.5/ws',
    'ws://localhost.example.com/ws',
    'ws://127.0.0.1.nip.io/ws',
  ])('refuses ws:// to another host, saying to use wss://: %s', (url) => {
    expect(() => buildBackend({ VITE_WS_URL: url })).toThrow(
      /^VITE_WS_URL is .*wss:\/\/ \(TLS\)\. Use the wss:\/\/ endpoint/,
    );
  });

  it.each(['https://api.example.com/ws', 'http://localhost:8787/ws', 'ftp://example.com'])(
    'refuses a URL that is not a WebSocket URL: %s',
    (url) => {
      expect(() => buildBackend({ VITE_WS_URL: url })).toThrow(
        /^VITE_WS_URL is .*: it must be a WebSocket URL starting with wss:\/\//,
      );
    },
  );

  it.each(['api.example.com/ws', 'wss//api.example.com', 'not a url'])(
    'refuses what is not a URL: %s',
    (url) => {
      expect(() => buildBackend({ VITE_WS_URL: url })).toThrow(
        /^VITE_WS_URL is ".*", which is not a URL/,
      );
    },
  );

  it('refuses credentials, which would be published in the bundle, and a fragment', () => {
    expect(() => buildBackend({ VITE_WS_URL: 'wss://user:secret@api.example.com/ws' })).toThrow(
      /VITE_WS_URL contains a user name or password/,
    );
    expect(() => buildBackend({ VITE_WS_URL: 'wss://api.example.com/ws#x' })).toThrow(
      /remove the #fragment/,
    );
  });

  it('without VITE_WS_URL, needs VITE_USE_MOCK=true and then allows only its own origin', () => {
    expect(buildBackend({ VITE_USE_MOCK: 'true' })).toEqual({
      kind: 'same-origin',
      connectSource: "'self'",
    });
    expect(buildBackend({ VITE_WS_URL: '  ', VITE_USE_MOCK: 'true' }).kind).toBe('same-origin');
    for (const env of [{}, { VITE_WS_URL: '' }, { VITE_USE_MOCK: 'false' }]) {
      expect(() => buildBackend(env)).toThrow(
        /^VITE_WS_URL is not set\. Set it to the backend's WebSocket endpoint .*or set VITE_USE_MOCK=true/,
      );
    }
  });

  it('checks VITE_WS_URL also when VITE_USE_MOCK=true, as the app then uses it', () => {
    expect(() => buildBackend({ VITE_WS_URL: 'ws://example.com', VITE_USE_MOCK: 'true' })).toThrow(
      /VITE_WS_URL/,
    );
  });
});
