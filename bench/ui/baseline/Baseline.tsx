// The naive renderer (see main.tsx): a minimal protocol client, no memoization, no throttling.
// With `?render=end` it is the floor instead: the same client, rendering only the final text.

import { useEffect, useRef, useState } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

type Frame =
  | { type: 'session_opened'; sessionId: string }
  | { type: 'assistant_delta'; delta: string }
  | { type: 'assistant_message'; message: { content: string } }
  | { type: 'other' };

const params = new URLSearchParams(location.search);
const WS_URL = params.get('ws') ?? '';
const QUESTION = params.get('q') ?? 'What did we spend last month?';
const RENDER_AT_END = params.get('render') === 'end';

/** The whole answer so far, parsed and rendered again on every delta. */
export function Baseline() {
  const socket = useRef<WebSocket | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);
  const [answer, setAnswer] = useState('');

  useEffect(() => {
    const ws = new WebSocket(`${WS_URL}?v=1&userId=baseline-${crypto.randomUUID()}`);
    socket.current = ws;
    ws.onopen = () => ws.send(JSON.stringify({ action: 'open_session', requestId: 'open-1' }));
    ws.onmessage = (event: MessageEvent<string>) => {
      const frame = JSON.parse(event.data) as Frame;
      if (frame.type === 'session_opened') setSessionId(frame.sessionId);
      else if (frame.type === 'assistant_delta' && !RENDER_AT_END)
        setAnswer((text) => text + frame.delta);
      else if (frame.type === 'assistant_message') setAnswer(frame.message.content);
    };
    return () => ws.close();
  }, []);

  const ask = () => {
    setAsked(true);
    socket.current?.send(
      JSON.stringify({
        action: 'chat_message',
        requestId: 'chat-1',
        sessionId,
        clientMessageId: crypto.randomUUID(),
        content: QUESTION,
      }),
    );
  };

  return (
    <main style={{ maxWidth: 880, margin: '0 auto', padding: 16, fontFamily: 'system-ui' }}>
      <button type="button" onClick={ask} disabled={!sessionId || asked}>
        Ask
      </button>
      {asked && <article aria-label="You said">{QUESTION}</article>}
      <article aria-label="Assistant said">
        <Markdown remarkPlugins={[remarkGfm]}>{answer}</Markdown>
      </article>
    </main>
  );
}
