/** The sizes the browser tests look at the app in, and where their screenshots go. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export const SCREENSHOTS = 'screenshots';
