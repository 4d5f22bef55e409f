import { createTheme } from '@mui/material/styles';

// The one place colours are chosen; components refer to palette tokens only.
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'class' },
  colorSchemes: {
    light: {
      palette: {
        primary: { main: '#1f5fbf' },
        secondary: { main: '#0f7b6c' },
        background: { default: '#f4f6fa', paper: '#ffffff' },
      },
    },
    dark: {
      palette: {
        primary: { main: '#7fb0ff' },
        secondary: { main: '#4fd1b5' },
        background: { default: '#0e1217', paper: '#171c23' },
      },
    },
  },
  shape: { borderRadius: 10 },
  typography: {
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    button: { textTransform: 'none', fontWeight: 600 },
  },
});
