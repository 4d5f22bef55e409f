import { act, renderHook } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  STREAM_UPDATE_INTERVAL_MS,
  STREAM_UPDATE_MAX_INTERVAL_MS,
  streamUpdateWait,
  useShownText,
} from '../../src/components/chat/useShownText';
import { useChatStore } from '../../src/store/useChatStore';
import { resetStore, transcript } from '../support/renderWithStore';

const ts = '2026-11-21T10:00:00.000Z';
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('streamUpdateWait', () => {
  it('keeps updates to a thirtieth of the time, between 100 ms and 300 ms', () => {
    expect(streamUpdateWait(0)).toBe(STREAM_UPDATE_INTERVAL_MS);
    expect(streamUpdateWait(2)).toBe(STREAM_UPDATE_INTERVAL_MS);
    expect(streamUpdateWait(5)).toBeCloseTo(150);
    expect(streamUpdateWait(40)).toBe(STREAM_UPDATE_MAX_INTERVAL_MS);
    expect(streamUpdateWait(Number.NaN)).toBe(STREAM_UPDATE_INTERVAL_MS);
    expect(streamUpdateWait(Number.POSITIVE_INFINITY)).toBe(STREAM_UPDATE_INTERVAL_MS);
  });
});

describe('useShownText', () => {
  beforeEach(() => {
    resetStore(
      transcript('s-1', [
        {
          key: 'a-1',
          messageId: 'a-1',
          role: 'assistant',
          content: '',
          timestamp: ts,
          streaming: true,
        },
      ]),
    );
  });

  const stream = (text: string) =>
    act(() => useChatStore.setState({ streamingText: { 'a-1': text } }));

  it('shows streamed text on a later frame, not on every delta', async () => {
    const { result } = renderHook(() => useShownText('a-1'));
    await stream('Hel');
    expect(result.current).toBe('');
    await act(() => sleep(STREAM_UPDATE_MAX_INTERVAL_MS).then(frame));
    expect(result.current).toBe('Hel');
  });

  it('shows text that arrived while an update was being drawn, with no further delta', async () => {
    const seen: string[] = [];
    const { result } = renderHook(() => {
      const text = useShownText('a-1');
      // The next delta lands while the first update is still being drawn and timed.
      useLayoutEffect(() => {
        seen.push(text);
        if (text === 'Hel') useChatStore.setState({ streamingText: { 'a-1': 'Hello, world' } });
      }, [text]);
      return text;
    });
    await stream('Hel');
    await act(() => sleep(2 * STREAM_UPDATE_MAX_INTERVAL_MS).then(frame));
    expect(seen).toEqual(['', 'Hel', 'Hello, world']);
    expect(result.current).toBe('Hello, world');
  });

  it('shows the final text at once when the reply settles', async () => {
    const { result } = renderHook(() => useShownText('a-1'));
    await stream('Hel');
    act(() =>
      useChatStore.setState((s) => ({
        streamingText: {},
        messages: {
          ...s.messages,
          'a-1': { ...s.messages['a-1']!, content: 'Hello', streaming: false },
        },
      })),
    );
    expect(result.current).toBe('Hello');
  });
});
