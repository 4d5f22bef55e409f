import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import type { Preferences } from '../../protocol/types';
import { useChatStore } from '../../store/useChatStore';
import { PreferenceSelect } from './PreferenceSelect';

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
          <PreferenceSelect
            label="Currency"
            value={preferences.currency}
            options={Object.fromEntries(currencies.map((code) => [code, code]))}
            onChange={(currency) => updatePreferences({ currency })}
          />
          <PreferenceSelect
            label="Default time range"
            value={preferences.timeRange}
            options={TIME_RANGES}
            onChange={(timeRange) => updatePreferences({ timeRange })}
          />
          <PreferenceSelect
            label="Detail level"
            value={preferences.detailLevel}
            options={DETAIL_LEVELS}
            onChange={(detailLevel) => updatePreferences({ detailLevel })}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}
