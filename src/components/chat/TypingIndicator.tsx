import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { keyframes } from '@mui/material/styles';
import { useChatStore } from '../../store/useChatStore';

const bounce = keyframes`
  0%, 80%, 100% { transform: translateY(0); opacity: 0.4; }
  40% { transform: translateY(-4px); opacity: 1; }
`;

/**
 * Which agent is working, while the assistant prepares an answer. The dots move only until the
 * answer's first words show: from then on the growing answer says the assistant is at work,
 * and an endless animation would make the browser draw a frame 60 times a second, each one
 * costing as much main-thread time as a streamed update (about a third of a long answer's).
 */
export function TypingIndicator() {
  const typing = useChatStore((s) =>
    s.currentSessionId ? s.typing[s.currentSessionId] : undefined,
  );
  const answering = useChatStore((s) => {
    for (const key of Object.keys(s.streamingText)) {
      if (s.messages[key]?.sessionId === s.currentSessionId) return true;
    }
    return false;
  });
  if (!typing) return null;
  const label =
    typing.status ?? (typing.agent ? `${typing.agent} is working…` : 'The assistant is typing…');
  return (
    <Box role="status" sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 1, pb: 1 }}>
      <Box aria-hidden sx={{ display: 'flex', gap: 0.5 }}>
        {[0, 1, 2].map((i) => (
          <Box
            key={i}
            sx={{
              width: 6,
              height: 6,
              borderRadius: '50%',
              bgcolor: 'text.secondary',
              opacity: answering ? 0.4 : undefined,
              animation: answering ? 'none' : `${bounce} 1.2s ${i * 0.15}s infinite ease-in-out`,
              '@media (prefers-reduced-motion: reduce)': { animation: 'none' },
            }}
          />
        ))}
      </Box>
      <Typography variant="caption" sx={{ color: 'text.secondary' }}>
        {label}
      </Typography>
    </Box>
  );
}
