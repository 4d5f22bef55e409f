import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import type { ReactNode } from 'react';
import { theme } from './themePrimitives';

type AppThemeProps = { children: ReactNode };

/** Light and dark schemes; the first visit follows the operating system's choice. */
export function AppTheme({ children }: AppThemeProps) {
  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline enableColorScheme />
      {children}
    </ThemeProvider>
  );
}
