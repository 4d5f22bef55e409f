// Sends a page's WebSocket to another backend than the one the app was built for: a mock
// server started by the test with faults of its own. Playwright routes the socket; this side
// relays every frame both ways, and closes each side when the other closes.
import type { Page } from 'playwright-core';
import WebSocket from 'ws';

export interface Relay {
  /** Where the next connection goes; change it to move the page to another backend. */
  serverUrl: string;
  /** Every client frame passed on, decoded, for what was sent and how often. */
  clientFrames: Array<Record<string, unknown>>;
  /** Drops every open connection (the page sees 1011 and reconnects). */
  dropAll(): void;
}

export async function routeToServer(page: Page, serverUrl: string): Promise<Relay> {
  const open = new Set<() => void>();
  const relay: Relay = {
    serverUrl,
    clientFrames: [],
    dropAll: () => {
      for (const drop of [...open]) drop();
    },
  };
  await page.routeWebSocket(/\/ws/, (route) => {
    const query = new URL(route.url()).search;
    const upstream = new WebSocket(relay.serverUrl + query);
    const drop = () => {
      open.delete(drop);
      upstream.close();
      void route.close({ code: 1011, reason: 'dropped by the test' });
    };
    open.add(drop);
    const pending: string[] = [];
    upstream.on('open', () => {
      for (const data of pending.splice(0)) upstream.send(data);
    });
    upstream.on('message', (data) => route.send(String(data)));
    upstream.on('close', (code, reason) => {
      open.delete(drop);
      void route.close({ code: code === 1005 ? 1000 : code, reason: String(reason) });
    });
    upstream.on('error', () => void route.close({ code: 1011 }));
    route.onMessage((message) => {
      const data = String(message);
      relay.clientFrames.push(JSON.parse(data) as Record<string, unknown>);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data);
      else pending.push(data);
    });
    route.onClose(() => {
      open.delete(drop);
      upstream.close();
    });
  });
  return relay;
}
