// How the protocol measures text: user-visible limits in code points, frames in UTF-8 bytes.

/** Length of a string as the protocol counts characters: Unicode code points. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

const encoder = new TextEncoder();

/** Size of a frame on the wire, in UTF-8 bytes. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}
