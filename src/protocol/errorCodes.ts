// Facts about the error codes of protocol.md that more than one part of the client acts on.

import type { ServerFrameOf } from './types';

/** The codes that say a session is gone: it expired, or the server does not know it. */
export type GoneCode = 'SESSION_EXPIRED' | 'SESSION_NOT_FOUND';

/** True when the error says its session is gone (see store/engine/deadSessions.ts). */
export function isGone(code: ServerFrameOf<'error'>['code']): code is GoneCode {
  return code === 'SESSION_EXPIRED' || code === 'SESSION_NOT_FOUND';
}
