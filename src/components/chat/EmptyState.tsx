import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useChatStore } from '../../store/useChatStore';

const STARTERS = [
  'What did we spend by service last month?',
  'Forecast our spend for next month',
  'Are we on track with our budgets?',
  'Which instances should we rightsize?',
];

export function EmptyState() {
  const sendMessage = useChatStore((s) => s.sendMessage);
  return (
    <Box sx={{ textAlign: 'center', py: { xs: 4, sm: 8 } }}>
      <Typography variant="h5" component="h2" gutterBottom>
        What would you like to know about your cloud costs?
      </Typography>
      <Typography sx={{ color: 'text.secondary', mb: 3 }}>
        Costs, forecasts, budgets and savings recommendations, in plain language.
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, justifyContent: 'center' }}>
        {STARTERS.map((question) => (
          <Chip
            key={question}
            label={question}
            variant="outlined"
            clickable
            onClick={() => sendMessage(question)}
          />
        ))}
      </Box>
    </Box>
  );
}
