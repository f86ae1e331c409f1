import type { MantineTheme } from '@mantine/core';
import type { RedocRawOptions } from 'redoc';

type RedocTheme = NonNullable<RedocRawOptions['theme']>;

/** The app header's height (AppShell `header.height`): Redoc's sticky menu and scroll targets sit below it. */
export const appHeaderHeight = 60;

function shade(colors: MantineTheme['colors'], name: string, index: number, fallback: string) {
  return colors[name]?.[index] ?? fallback;
}

/**
 * Redoc's theme from the app's Mantine palette, for one colour scheme. Redoc computes tints with
 * `polished`, which needs real colour values, so these are hex codes rather than CSS variables;
 * the viewer builds a new store when the scheme changes. Text colours are chosen for 4.5:1 on
 * the background they sit on.
 */
export function redocTheme(theme: MantineTheme, scheme: 'light' | 'dark'): RedocTheme {
  const c = (name: string, index: number, fallback: string) =>
    shade(theme.colors, name, index, fallback);
  const dark = scheme === 'dark';
  const text = dark ? c('dark', 0, '#c9c9c9') : c('gray', 9, '#212529');
  const secondaryText = dark ? '#a6a6a6' : '#5c636a';
  const background = dark ? c('dark', 7, '#242424') : '#ffffff';
  const raised = dark ? c('dark', 6, '#2e2e2e') : c('gray', 0, '#f8f9fa');
  const border = dark ? c('dark', 4, '#424242') : c('gray', 3, '#dee2e6');
  const primary = dark ? c('blue', 4, '#4dabf7') : c('blue', 8, '#1971c2');
  const success = dark ? c('green', 4, '#69db7c') : '#237032';
  const warning = dark ? c('yellow', 4, '#ffd43b') : '#b35900';
  const error = dark ? c('red', 4, '#ff8787') : c('red', 9, '#c92a2a');
  const panel = dark ? c('dark', 8, '#1f1f1f') : c('gray', 8, '#343a40');
  const fontFamily = theme.fontFamily ?? 'sans-serif';
  const monospace = theme.fontFamilyMonospace ?? 'monospace';
  return {
    spacing: { unit: 5, sectionHorizontal: 24, sectionVertical: 24 },
    // Redoc puts the samples beside the operations from `medium` up; the tab is narrower than
    // the window (the sidebar takes 240px), so wait for a wide window before splitting.
    breakpoints: { small: '50rem', medium: '90rem', large: '120rem' },
    colors: {
      primary: { main: primary },
      success: { main: success },
      warning: { main: warning },
      error: { main: error },
      gray: { 50: raised, 100: dark ? c('dark', 5, '#3b3b3b') : c('gray', 1, '#f1f3f5') },
      border: { dark: border, light: dark ? c('dark', 5, '#3b3b3b') : '#ffffff' },
      text: { primary: text, secondary: secondaryText },
      // Method badges are white text on these, in both schemes: dark shades keep 4.5:1.
      http: {
        get: '#237032',
        post: c('blue', 8, '#1971c2'),
        put: c('grape', 9, '#862e9c'),
        options: '#b35900',
        patch: '#c2410c',
        delete: c('red', 9, '#c92a2a'),
        basic: c('gray', 7, '#495057'),
        link: c('cyan', 9, '#0b7285'),
        head: c('violet', 9, '#5f3dc4'),
      },
    },
    schema: {
      linesColor: border,
      typeNameColor: secondaryText,
      typeTitleColor: secondaryText,
      requireLabelColor: error,
      nestedBackground: raised,
      arrow: { size: '1.1em', color: secondaryText },
    },
    typography: {
      fontSize: '14px',
      lineHeight: '1.55em',
      fontFamily,
      headings: { fontFamily, fontWeight: '650', lineHeight: '1.4em' },
      code: {
        fontSize: '13px',
        fontFamily: monospace,
        color: dark ? c('red', 3, '#ffa8a8') : c('red', 9, '#c92a2a'),
        backgroundColor: dark ? 'rgba(255, 255, 255, 0.06)' : 'rgba(0, 0, 0, 0.04)',
        wrap: true,
      },
      links: {
        color: primary,
        visited: primary,
        hover: dark ? c('blue', 3, '#74c0fc') : c('blue', 9, '#1864ab'),
      },
    },
    sidebar: {
      width: '240px',
      backgroundColor: raised,
      textColor: text,
      activeTextColor: primary,
      arrow: { size: '1.5em', color: secondaryText },
    },
    rightPanel: {
      backgroundColor: panel,
      textColor: '#f1f3f5',
      width: '40%',
      servers: {
        overlay: { backgroundColor: raised, textColor: text },
        url: { backgroundColor: background },
      },
    },
    // Redoc's JSON samples use fixed token colours, readable on a near-black block only.
    codeBlock: { backgroundColor: c('dark', 9, '#141414') },
    fab: { backgroundColor: primary, color: '#ffffff' },
  };
}
