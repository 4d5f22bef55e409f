import Box from '@mui/material/Box';
import { memo, useLayoutEffect, useRef, useState } from 'react';
import { MessageBubble } from './MessageBubble';

type SettledMessagesProps = { keys: string[] };

/**
 * Older messages, where nothing new arrives. With thousands loaded, every streamed update
 * made the browser walk all of them for layout and paint; a group the reader can't see is
 * skipped. It is laid out in full once first, so it is skipped at its real height, never a
 * guess: the transcript keeps the reader's place by heights when older pages come in above,
 * and follows new content at the bottom by them. The newest messages are never grouped.
 */
export const SettledMessages = memo(
  function SettledMessages({ keys }: SettledMessagesProps) {
    const box = useRef<HTMLDivElement>(null);
    const [height, setHeight] = useState<number | null>(null);
    useLayoutEffect(() => {
      if (box.current) setHeight(box.current.getBoundingClientRect().height);
    }, []);
    return (
      <Box
        ref={box}
        sx={
          height === null
            ? undefined
            : { contentVisibility: 'auto', containIntrinsicSize: `auto ${height}px` }
        }
      >
        {keys.map((key) => (
          <MessageBubble key={key} messageKey={key} />
        ))}
      </Box>
    );
  },
  (before, after) =>
    before.keys.length === after.keys.length &&
    before.keys.every((key, i) => key === after.keys[i]),
);
