// What the page and the socket worker (socketWorker.ts) say to each other. Each socket has
// a number, chosen by the page; events of a socket the page has closed may still arrive and
// are ignored there.

export type ToSocketWorker =
  | { type: 'open'; id: number; url: string }
  | { type: 'send'; id: number; data: string }
  | { type: 'close'; id: number; code?: number; reason?: string };

export type FromSocketWorker =
  | { type: 'open'; id: number }
  /** Frames in the order they arrived: several deltas at a time, anything else at once. */
  | { type: 'frames'; id: number; data: unknown[] }
  | { type: 'close'; id: number; code: number; reason: string };
