import {
  createTheme,
  localStorageColorSchemeManager,
  type CSSVariablesResolver,
} from '@mantine/core';

/** Where the light/dark choice is kept. `public/color-scheme.js` reads the same key before paint. */
export const colorSchemeStorageKey = 'callboard-color-scheme';

export const colorSchemeManager = localStorageColorSchemeManager({ key: colorSchemeStorageKey });

export const theme = createTheme({
  primaryColor: 'blue',
  // Mantine's default light shade (blue 6) gives white text 3.6:1; shade 8 gives 5:1 (WCAG AA).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  respectReducedMotion: true,
  headings: {
    fontWeight: '650',
    // Page titles shrink on phones instead of wrapping word by word.
    sizes: { h1: { fontSize: 'clamp(1.75rem, 1.4rem + 1.5vw, 2.125rem)' } },
  },
});

/**
 * Mantine's dimmed, placeholder, link and error colours fall below 4.5:1 on its own
 * backgrounds (gray 6 on white is 3.3:1). These keep small text at WCAG AA in both schemes.
 */
export const cssVariablesResolver: CSSVariablesResolver = theme => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-placeholder': '#6b7280',
    '--mantine-color-anchor': theme.colors.blue[8] ?? '#1971c2',
    '--mantine-color-error': theme.colors.red[9] ?? '#c92a2a',
    // Light-variant badges and alerts draw text in the colour's shade 8: green 8 on its own tint
    // is 3.8:1. Shade 9 (and darker for yellow and orange, whose shade 9 is still 3:1) reaches AA.
    '--mantine-color-green-light-color': theme.colors.green[9] ?? '#2b8a3e',
    '--mantine-color-teal-light-color': theme.colors.teal[9] ?? '#087f5b',
    '--mantine-color-cyan-light-color': theme.colors.cyan[9] ?? '#0b7285',
    '--mantine-color-lime-light-color': '#4a6b0f',
    '--mantine-color-yellow-light-color': '#7a5200',
    '--mantine-color-orange-light-color': '#a33b00',
  },
  dark: {
    '--mantine-color-dimmed': '#a6a6a6',
    '--mantine-color-placeholder': '#9a9a9a',
    '--mantine-color-anchor': theme.colors.blue[4] ?? '#4dabf7',
    '--mantine-color-error': theme.colors.red[4] ?? '#ff8787',
  },
});
