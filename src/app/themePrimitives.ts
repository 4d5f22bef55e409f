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
  components: {
    // MUI marks keyboard focus with a faint tint, which is almost invisible on chips and list
    // rows, and in dark mode on everything: every control gets a clear ring instead.
    MuiButtonBase: {
      styleOverrides: {
        root: ({ theme }) => ({
          '&.Mui-focusVisible': {
            outline: `2px solid ${theme.vars.palette.primary.main}`,
            outlineOffset: 2,
          },
        }),
      },
    },
    // Inside the drawer's scrolling list a ring outside the row would be cut off.
    MuiListItemButton: {
      styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: -2 } } },
    },
  },
});
