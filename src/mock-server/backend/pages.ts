import { encodeFrame } from '../../protocol/codec';
import { MAX_SERVER_FRAME_BYTES } from '../../protocol/limits';
import { utf8Bytes } from '../../protocol/textLength';
import type { OutgoingServerFrame } from '../../protocol/types';

// `,"timestamp":"2026-11-21T10:00:00.000Z"`, added when the frame is sent.
const TIMESTAMP_BYTES = 40;

/**
 * Takes items in priority order while the frame they go into stays within API Gateway's
 * 128 KiB: `emptyFrame` is the frame with an empty list, into which they will be put.
 */
export function takeWhileFits<T>(
  items: readonly T[],
  limit: number,
  emptyFrame: OutgoingServerFrame,
): T[] {
  let budget = MAX_SERVER_FRAME_BYTES - utf8Bytes(encodeFrame(emptyFrame)) - TIMESTAMP_BYTES;
  const taken: T[] = [];
  for (const item of items) {
    if (taken.length >= limit) break;
    const size = utf8Bytes(encodeFrame(item as object)) + 1; // the comma between items
    if (size > budget) break;
    budget -= size;
    taken.push(item);
  }
  return taken;
}

/** The newest `limit` of `sorted` (oldest first) that fit, still oldest first. */
export function latestPage<T>(
  sorted: readonly T[],
  limit: number,
  emptyFrame: OutgoingServerFrame,
) {
  const newestFirst = sorted.slice(Math.max(0, sorted.length - limit)).reverse();
  const page = takeWhileFits(newestFirst, limit, emptyFrame).reverse();
  return { messages: page, hasMore: page.length < sorted.length };
}
