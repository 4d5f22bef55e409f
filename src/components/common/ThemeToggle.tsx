import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import IconButton from '@mui/material/IconButton';
import { useColorScheme } from '@mui/material/styles';
import { Hint } from './Hint';

/** Switches between light and dark; MUI remembers the choice in localStorage. */
export function ThemeToggle() {
  const { colorScheme, setMode } = useColorScheme();
  const next = colorScheme === 'dark' ? 'light' : 'dark';
  return (
    <Hint title={`Switch to ${next} mode`}>
      <IconButton
        color="inherit"
        aria-label={`Switch to ${next} mode`}
        onClick={() => setMode(next)}
      >
        {colorScheme === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
      </IconButton>
    </Hint>
  );
}
