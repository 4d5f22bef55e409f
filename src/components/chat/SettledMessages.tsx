import {
  memo,
  startTransition,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useChatStore } from '../../store/useChatStore';
import { MessageBubble } from './MessageBubble';
import { NearViewContext } from './nearView';

type SettledMessagesProps = { keys: string[] };

/**
 * Older messages, where nothing new arrives. With thousands loaded, their elements made every
 * frame of a streamed answer cost more (style, observers, lifecycle work that grows with the
 * page): a group far from the reader's view is not rendered, only its words, hidden until
 * the browser's find-in-page looks for them. A group near the view is rendered and, off
 * screen, skipped by the browser (content-visibility).
 *
 * Either way it keeps its real height, measured when it was last drawn, never a guess: the
 * transcript keeps the reader's place by heights when older pages come in above, and follows
 * new content at the bottom by them. The newest messages are never grouped.
 *
 * A group holding a form or the focus stays rendered: an edit in progress, or the button the
 * keyboard is on, is not taken from under the user.
 */
export const SettledMessages = memo(
  function SettledMessages({ keys }: SettledMessagesProps) {
    const box = useRef<HTMLDivElement>(null);
    const watchNear = useContext(NearViewContext);
    const [height, setHeight] = useState<number | null>(null);
    const [near, setNear] = useState(true);

    useLayoutEffect(() => {
      if (box.current) setHeight(box.current.getBoundingClientRect().height);
    }, []);

    useEffect(() => {
      const element = box.current;
      if (!element || !watchNear) return;
      return watchNear(element, (isNear, measured) => {
        if (isNear) {
          // Rendering a group can take tens of milliseconds: scrolling stays responsive.
          startTransition(() => setNear(true));
        } else if (!element.querySelector('form') && !element.contains(document.activeElement)) {
          setHeight(measured);
          setNear(false);
        }
      });
    }, [watchNear]);

    if (height !== null && !near) {
      return (
        <div ref={box} style={{ height, overflow: 'hidden' }}>
          <HiddenWords keys={keys} />
        </div>
      );
    }
    return (
      <div
        ref={box}
        style={
          height === null
            ? undefined
            : { contentVisibility: 'auto', containIntrinsicSize: `auto ${height}px` }
        }
      >
        {keys.map((key) => (
          <MessageBubble key={key} messageKey={key} />
        ))}
      </div>
    );
  },
  (before, after) =>
    before.keys.length === after.keys.length &&
    before.keys.every((key, i) => key === after.keys[i]),
);

/**
 * The messages' text, hidden until found (set by hand: React renders `hidden` as a boolean).
 * Find-in-page reveals and scrolls to it; coming near the view, the group is rendered again.
 * A browser without hidden=until-found hides it like `hidden`.
 */
function HiddenWords({ keys }: SettledMessagesProps) {
  const { messages } = useChatStore.getState();
  return (
    <div
      ref={(words) => words?.setAttribute('hidden', 'until-found')}
      data-unrendered-messages={keys.length}
    >
      {keys.map((key) => (
        <p key={key} style={{ whiteSpace: 'pre-wrap' }}>
          {messages[key]?.content}
        </p>
      ))}
    </div>
  );
}
