import Box from '@mui/material/Box';
import { useEffect, useState } from 'react';
import { useChatStore } from '../../store/useChatStore';
import { spokenText } from './spokenText';
import { VISUALLY_HIDDEN } from '../common/visuallyHidden';

/**
 * Tells screen readers each answer of this conversation once, when it has finished arriving,
 * through a polite live region. The transcript itself is not live: it would read out every
 * streamed delta.
 */
export function AnswerAnnouncer() {
  const [announcement, setAnnouncement] = useState('');
  useEffect(
    () =>
      useChatStore.subscribe((state, before) => {
        if (state.streamingText === before.streamingText) return;
        // A reply streams while its text is in streamingText; it has finished when it is not.
        for (const key of Object.keys(before.streamingText)) {
          const message = state.messages[key];
          if (!message || message.streaming) continue;
          if (message.sessionId !== state.currentSessionId) continue;
          const words = spokenText(message.content);
          if (words) setAnnouncement(`The assistant answered: ${words}`);
        }
      }),
    [],
  );
  return (
    <Box role="status" aria-live="polite" aria-atomic="true" sx={VISUALLY_HIDDEN}>
      {announcement}
    </Box>
  );
}
