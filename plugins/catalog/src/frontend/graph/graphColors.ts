import { darken, type MantineColor, type MantineTheme } from '@mantine/core';

/** Each kind keeps one hue everywhere in the graph: node fill and border, legend, tooltip. */
const kindHues: Record<string, MantineColor> = {
  component: 'blue',
  api: 'grape',
  resource: 'orange',
  system: 'teal',
  domain: 'indigo',
  group: 'cyan',
  user: 'pink',
  template: 'lime',
};

export function kindHue(kind: string): MantineColor {
  return kindHues[kind.toLocaleLowerCase('en-US')] ?? 'gray';
}

/** The kinds that have their own hue, for the legend. */
export const coloredKinds = ['Component', 'API', 'Resource', 'System', 'Domain', 'Group', 'User'];

/** Edge hue per forward relation type. */
const relationHues: Record<string, MantineColor> = {
  dependsOn: 'red',
  providesApi: 'green',
  consumesApi: 'violet',
  partOf: 'gray',
  ownedBy: 'yellow',
  memberOf: 'cyan',
  childOf: 'cyan',
};

export function relationHue(forwardType: string): MantineColor {
  return relationHues[forwardType] ?? 'gray';
}

export type Scheme = 'light' | 'dark';

/** A palette entry; Mantine palettes have ten shades, light (0) to dark (9). */
export function shade(theme: MantineTheme, hue: MantineColor, index: number): string {
  return theme.colors[hue]?.[index] ?? '#868e96';
}

/** Edge colour: dark shades on white, light ones on the dark background (both ≥ 3:1). */
export function relationColor(theme: MantineTheme, scheme: Scheme, forwardType: string): string {
  const hue = relationHue(forwardType);
  if (scheme === 'dark') return shade(theme, hue, hue === 'gray' ? 5 : 4);
  return shade(theme, hue, hue === 'yellow' ? 9 : hue === 'gray' ? 6 : 7);
}

export interface KindColors {
  fill: string;
  border: string;
  /** The solid colour of the kind, for small swatches. */
  accent: string;
}

export function kindColors(theme: MantineTheme, scheme: Scheme, kind: string): KindColors {
  const hue = kindHue(kind);
  return scheme === 'dark'
    ? // A deep tint of the hue: light text on it stays above 7:1 for every hue.
      {
        fill: darken(shade(theme, hue, 8), 0.6),
        border: shade(theme, hue, 4),
        accent: shade(theme, hue, 4),
      }
    : { fill: shade(theme, hue, 0), border: shade(theme, hue, 7), accent: shade(theme, hue, 7) };
}

export function canvasColors(theme: MantineTheme, scheme: Scheme) {
  return scheme === 'dark'
    ? {
        background: shade(theme, 'dark', 7),
        text: shade(theme, 'dark', 0),
        dimmed: '#a6a6a6',
        highlight: shade(theme, 'yellow', 5),
      }
    : {
        background: theme.white,
        text: theme.black,
        dimmed: '#5c636a',
        highlight: shade(theme, 'yellow', 5),
      };
}
