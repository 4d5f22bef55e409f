import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { useShallow } from 'zustand/react/shallow';
import { lastMessage } from '../../store/selectors';
import { useChatStore } from '../../store/useChatStore';
import { returnToComposer } from './composerFocus';

const NONE: string[] = [];

/** The last answer's suggested next questions; one tap sends it. */
export function FollowUps() {
  const followUps = useChatStore(
    useShallow((s) => {
      const last = lastMessage(s);
      return last?.role === 'assistant' && !last.streaming ? (last.followUps ?? NONE) : NONE;
    }),
  );
  const sendMessage = useChatStore((s) => s.sendMessage);
  if (followUps.length === 0) return null;
  return (
    <Box
      aria-label="Suggested questions"
      sx={{
        display: 'flex',
        gap: 1,
        pb: 1,
        overflowX: 'auto',
        flexWrap: { xs: 'nowrap', sm: 'wrap' },
      }}
    >
      {followUps.map((question) => (
        <Chip
          key={question}
          label={question}
          color="primary"
          variant="outlined"
          clickable
          onClick={() => {
            sendMessage(question);
            // The chips go away while the answer streams; focus must not go with them.
            returnToComposer();
          }}
        />
      ))}
    </Box>
  );
}
