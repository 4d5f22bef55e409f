import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { lastMessage } from '../../store/selectors';
import { useChatStore } from '../../store/useChatStore';
import { EmptyState } from './EmptyState';
import { FollowUps } from './FollowUps';
import { JumpToLatest } from './JumpToLatest';
import { returnToComposer } from './composerFocus';
import { preloadAnswerRenderers } from '../markdown/preloadAnswerRenderers';
import { MessageBubble } from './MessageBubble';
import { NearViewContext, useNearViewWatcher } from './nearView';
import { SettledMessages } from './SettledMessages';
import { settledGroups } from './settledGroups';
import { COLUMN_MAX_WIDTH, COLUMN_PADDING_X } from '../common/layout';
import { VISUALLY_HIDDEN } from '../common/visuallyHidden';

const NO_KEYS: string[] = [];
// The newest messages, where new content arrives, are never grouped (see SettledMessages).
const LIVE_MESSAGES = 10;
// Within this many pixels of the bottom, the list follows new content.
const STICK_THRESHOLD_PX = 80;

/** How far below the reader's view the transcript goes. */
const gapBelow = (box: HTMLElement) => box.scrollHeight - box.scrollTop - box.clientHeight;

interface Newest {
  sessionId: string | null;
  key: string | undefined;
  height: number;
}

/** The conversation's newest message, and how tall it is: where new content arrives. */
function newest(content: HTMLElement): Newest {
  let child = content.lastElementChild;
  while (child && !(child instanceof HTMLElement && child.localName === 'article')) {
    child = child.previousElementSibling;
  }
  const article = child as HTMLElement | null;
  const sessionId = useChatStore.getState().currentSessionId;
  return { sessionId, key: article?.dataset.messageKey, height: article?.offsetHeight ?? 0 };
}

/** What the reader sees when older messages are asked for, to keep it in place once they come. */
interface PrependMark {
  /** The transcript's height then. */
  height: number;
  /** The first message in view then, and where it was. */
  anchor: { key: string; top: number } | null;
}

function markBeforePrepend(box: HTMLElement): PrependMark {
  const viewTop = box.getBoundingClientRect().top;
  for (const article of box.querySelectorAll<HTMLElement>('article[data-message-key]')) {
    const { top, bottom } = article.getBoundingClientRect();
    if (bottom > viewTop)
      return { height: box.scrollHeight, anchor: { key: article.dataset.messageKey!, top } };
  }
  return { height: box.scrollHeight, anchor: null };
}

/**
 * Moves the view by as much as the message the reader saw moved: heights that changed in the
 * meantime (a group drawn again, a chart in place of its placeholder) are not counted as
 * added above. Without that message (gone, or not drawn), by what the transcript grew.
 */
function keepInPlace(box: HTMLElement, mark: PrependMark) {
  const key = mark.anchor && CSS.escape(mark.anchor.key);
  const anchor = key ? box.querySelector(`article[data-message-key="${key}"]`) : null;
  if (anchor && mark.anchor) box.scrollTop += anchor.getBoundingClientRect().top - mark.anchor.top;
  else box.scrollTop += box.scrollHeight - mark.height;
}

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
  const beforePrepend = useRef<PrependMark | null>(null);
  /**
   * The newest message as last seen: another one, or a taller one, is something new below.
   * Not the transcript's height: older messages drawn again above change it too.
   */
  const newestSeen = useRef<Newest>({ sessionId: null, key: undefined, height: 0 });
  // The conversation in which the reader scrolled up and something new arrived below them.
  const [newBelowIn, setNewBelowIn] = useState<string | null>(null);
  const firstKey = keys[0];
  const settledCount = Math.max(0, keys.length - LIVE_MESSAGES);
  const groups = useMemo(() => settledGroups(keys.slice(0, settledCount)), [keys, settledCount]);
  const lastIsMine = useChatStore((s) => lastMessage(s)?.role === 'user');
  const watchNear = useNearViewWatcher(scroller);

  // Streaming grows a bubble without changing `keys`, so watch the content's size instead.
  useEffect(() => {
    const box = scroller.current;
    if (!box || !content.current || typeof ResizeObserver === 'undefined') return;
    const list = content.current;
    const observer = new ResizeObserver(() => {
      const now = newest(list);
      const seen = newestSeen.current;
      newestSeen.current = now;
      if (stuckToBottom.current) box.scrollTop = box.scrollHeight;
      else if (
        now.sessionId === seen.sessionId &&
        (now.key !== seen.key || now.height > seen.height + 1)
      ) {
        setNewBelowIn(now.sessionId ?? '');
      }
    });
    observer.observe(content.current);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    // Whoever just sent a message wants to see it, wherever they had scrolled to.
    // (Going to the bottom fires a scroll event, which hides "Jump to latest".)
    if (lastIsMine) stuckToBottom.current = true;
    if (beforePrepend.current !== null) {
      // Older messages were added above: keep what the reader was looking at in place.
      keepInPlace(box, beforePrepend.current);
      beforePrepend.current = null;
    } else if (stuckToBottom.current) {
      box.scrollTop = box.scrollHeight;
    }
  }, [keys.length, firstKey, lastIsMine]);

  useEffect(() => {
    stuckToBottom.current = true;
  }, [sessionId]);

  const hasMessages = keys.length > 0;
  useEffect(() => {
    if (hasMessages) preloadAnswerRenderers();
  }, [hasMessages]);

  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || !history?.hasMore || history.loading) return;
    if (typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && scroller.current) {
        beforePrepend.current = markBeforePrepend(scroller.current);
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
    // replacing its placeholder) can make the bottom look far away before we follow it. And
    // not a move up that leaves the view at the bottom: content that got shorter (a block
    // measured smaller, messages settling into a group) pulls the scroll position up with it.
    if (box.scrollTop < lastScrollTop.current - 1 && gapBelow(box) > 1) {
      stuckToBottom.current = false;
    } else if (box.scrollHeight - box.scrollTop - box.clientHeight < STICK_THRESHOLD_PX) {
      stuckToBottom.current = true;
      setNewBelowIn(null);
    }
    lastScrollTop.current = box.scrollTop;
  };

  const jumpToLatest = () => {
    const box = scroller.current;
    if (!box) return;
    stuckToBottom.current = true;
    setNewBelowIn(null);
    box.scrollTop = box.scrollHeight;
    // The button is gone; the reader's next step is reading, then writing.
    returnToComposer();
  };

  return (
    <Box sx={{ flex: 1, minHeight: 0, position: 'relative', display: 'flex' }}>
      <Box
        ref={scroller}
        onScroll={onScroll}
        role="log"
        // Not read out as it changes: every streamed delta would be. Finished answers are
        // announced once (AnswerAnnouncer).
        aria-live="off"
        aria-label="Conversation"
        sx={{ flex: 1, overflowY: 'auto', overscrollBehavior: 'contain' }}
      >
        <Box
          ref={content}
          sx={{ maxWidth: COLUMN_MAX_WIDTH, mx: 'auto', px: COLUMN_PADDING_X, py: 2 }}
        >
          <div ref={topSentinel} />
          {/* The outline: the app's name (h1), this (h2), each answer's headings (h3 on). */}
          <Box component="h2" sx={VISUALLY_HIDDEN}>
            Messages
          </Box>
          {keys.length === 0 ? (
            <EmptyState />
          ) : (
            <>
              <NearViewContext value={watchNear}>
                {groups.map((group) => (
                  <SettledMessages key={group[0]} keys={group} />
                ))}
              </NearViewContext>
              {keys.slice(settledCount).map((key) => (
                <MessageBubble key={key} messageKey={key} />
              ))}
              {/* Under the answer they follow, and scrolled with it. */}
              <FollowUps />
            </>
          )}
        </Box>
      </Box>
      {history?.loading && (
        // Over the transcript, not in it: in it, the spinner pushed what the reader was
        // looking at down by its height while the page loaded, then the page pulled it back.
        <Box
          sx={{
            position: 'absolute',
            top: 8,
            left: 0,
            right: 0,
            display: 'flex',
            justifyContent: 'center',
            pointerEvents: 'none',
          }}
        >
          <CircularProgress size={20} aria-label="Loading older messages" />
        </Box>
      )}
      {newBelowIn === sessionId && <JumpToLatest onJump={jumpToLatest} />}
    </Box>
  );
}
