import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { Preferences } from '../../protocol/types';
import { useChatStore } from '../../store/useChatStore';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'INR', 'AUD', 'CAD', 'CHF'];
const TIME_RANGES: Record<Preferences['timeRange'], string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '12m': 'Last 12 months',
  ytd: 'Year to date',
};
const DETAIL_LEVELS: Record<Preferences['detailLevel'], string> = {
  summary: 'Summary',
  standard: 'Standard',
  detailed: 'Detailed',
};

type PreferencesDialogProps = { open: boolean; onClose: () => void };

/** How the assistant presents figures; each change is saved at once and applies to the next answer. */
export function PreferencesDialog({ open, onClose }: PreferencesDialogProps) {
  const preferences = useChatStore((s) => s.preferences);
  const updatePreferences = useChatStore((s) => s.updatePreferences);
  const currencies = CURRENCIES.includes(preferences.currency)
    ? CURRENCIES
    : [preferences.currency, ...CURRENCIES];

  return (
    <Dialog open={open} onClose={onClose} maxWidth="xs" fullWidth>
      <DialogTitle>Preferences</DialogTitle>
      <DialogContent>
        <Stack spacing={2.5} sx={{ pt: 1 }}>
          <TextField
            select
            label="Currency"
            value={preferences.currency}
            onChange={(event) => updatePreferences({ currency: event.target.value })}
          >
            {currencies.map((code) => (
              <MenuItem key={code} value={code}>
                {code}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label="Default time range"
            value={preferences.timeRange}
            onChange={(event) =>
              updatePreferences({ timeRange: event.target.value as Preferences['timeRange'] })
            }
          >
            {Object.entries(TIME_RANGES).map(([value, label]) => (
              <MenuItem key={value} value={value}>
                {label}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label="Detail level"
            value={preferences.detailLevel}
            onChange={(event) =>
              updatePreferences({ detailLevel: event.target.value as Preferences['detailLevel'] })
            }
          >
            {Object.entries(DETAIL_LEVELS).map(([value, label]) => (
              <MenuItem key={value} value={value}>
                {label}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}
