import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { keyframes } from '@mui/material/styles';
import { useChatStore } from '../../store/useChatStore';

const bounce = keyframes`
  0%, 80%, 100% { transform: translateY(0); opacity: 0.4; }
  40% { transform: translateY(-4px); opacity: 1; }
`;

/** Which agent is working, while the assistant prepares an answer. */
export function TypingIndicator() {
  const typing = useChatStore((s) =>
    s.currentSessionId ? s.typing[s.currentSessionId] : undefined,
  );
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
              animation: `${bounce} 1.2s ${i * 0.15}s infinite ease-in-out`,
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
