import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { lastMessage } from '../../store/selectors';
import { useChatStore } from '../../store/useChatStore';
import { EmptyState } from './EmptyState';
import { preloadBlockRenderers } from '../markdown/blockRenderers';
import { whenIdle } from '../common/lazyWithPreload';
import { MessageBubble } from './MessageBubble';
import { SettledMessages } from './SettledMessages';
import { settledGroups } from './settledGroups';

const NO_KEYS: string[] = [];
// The newest messages, where new content arrives, are never grouped (see SettledMessages).
const LIVE_MESSAGES = 10;
// Within this many pixels of the bottom, the list follows new content.
const STICK_THRESHOLD_PX = 80;

/**
 * The transcript. Follows new content while the reader is at the bottom, leaves them alone
 * when they scrolled up, and loads older pages when the top comes into view.
 */
export function MessageList() {
  // A chat without a session id yet keeps its messages under ''.
  const sessionId = useChatStore((s) => s.currentSessionId ?? '');
  const keys = useChatStore(useShallow((s) => s.order[sessionId] ?? NO_KEYS));
  const history = useChatStore((s) => s.history[sessionId]);
  const loadOlder = useChatStore((s) => s.loadOlder);
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const stuckToBottom = useRef(true);
  const lastScrollTop = useRef(0);
  const heightBeforePrepend = useRef<number | null>(null);
  const firstKey = keys[0];
  const settledCount = Math.max(0, keys.length - LIVE_MESSAGES);
  const groups = useMemo(() => settledGroups(keys.slice(0, settledCount)), [keys, settledCount]);
  const lastIsMine = useChatStore((s) => lastMessage(s)?.role === 'user');

  // Streaming grows a bubble without changing `keys`, so watch the content's size instead.
  useEffect(() => {
    const box = scroller.current;
    if (!box || !content.current || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stuckToBottom.current) box.scrollTop = box.scrollHeight;
    });
    observer.observe(content.current);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    // Whoever just sent a message wants to see it, wherever they had scrolled to.
    if (lastIsMine) stuckToBottom.current = true;
    if (heightBeforePrepend.current !== null) {
      // Older messages were added above: keep what the reader was looking at in place.
      box.scrollTop += box.scrollHeight - heightBeforePrepend.current;
      heightBeforePrepend.current = null;
    } else if (stuckToBottom.current) {
      box.scrollTop = box.scrollHeight;
    }
  }, [keys.length, firstKey, lastIsMine]);

  useEffect(() => {
    stuckToBottom.current = true;
  }, [sessionId]);

  useEffect(() => whenIdle(preloadBlockRenderers), []);

  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || !history?.hasMore || history.loading) return;
    if (typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && scroller.current) {
        heightBeforePrepend.current = scroller.current.scrollHeight;
        loadOlder();
      }
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [history?.hasMore, history?.loading, loadOlder]);

  const onScroll = () => {
    const box = scroller.current;
    if (!box) return;
    // Only a move up is the reader's own: content growing below (a streamed delta, a chart
    // replacing its placeholder) can make the bottom look far away before we follow it.
    if (box.scrollTop < lastScrollTop.current - 1) {
      stuckToBottom.current = false;
    } else if (box.scrollHeight - box.scrollTop - box.clientHeight < STICK_THRESHOLD_PX) {
      stuckToBottom.current = true;
    }
    lastScrollTop.current = box.scrollTop;
  };

  return (
    <Box
      ref={scroller}
      onScroll={onScroll}
      role="log"
      aria-label="Conversation"
      sx={{ flex: 1, overflowY: 'auto', overscrollBehavior: 'contain' }}
    >
      <Box ref={content} sx={{ maxWidth: 880, mx: 'auto', px: { xs: 1.5, sm: 3 }, py: 2 }}>
        <div ref={topSentinel} />
        {history?.loading && (
          <Box sx={{ display: 'flex', justifyContent: 'center', py: 1 }}>
            <CircularProgress size={20} aria-label="Loading older messages" />
          </Box>
        )}
        {keys.length === 0 ? (
          <EmptyState />
        ) : (
          <>
            {groups.map((group) => (
              <SettledMessages key={group[0]} keys={group} />
            ))}
            {keys.slice(settledCount).map((key) => (
              <MessageBubble key={key} messageKey={key} />
            ))}
          </>
        )}
      </Box>
    </Box>
  );
}
