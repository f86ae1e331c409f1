import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The code block's backgrounds: Mantine's gray 0 (light) and dark 8 (dark). */
const backgrounds = { light: '#f8f9fa', dark: '#1f1f1f' };

function luminance(hex: string): number {
  const channels = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
}

/** The `--code-<token>: #hex` declarations of one rule block of the stylesheet. */
function tokenColours(block: string): Record<string, string> {
  const colours: Record<string, string> = {};
  for (const match of block.matchAll(/--code-(\w+):\s*(#[0-9a-f]{6});/gi)) {
    colours[match[1]!] = match[2]!;
  }
  return colours;
}

describe('highlighted definitions', () => {
  const css = readFileSync(new URL('./CodeBlock.module.css', import.meta.url), 'utf8');
  const darkStart = css.indexOf("[data-mantine-color-scheme='dark']");
  const schemes = {
    light: tokenColours(css.slice(0, darkStart)),
    dark: tokenColours(css.slice(darkStart, css.indexOf('}', darkStart))),
  };

  it.each(['light', 'dark'] as const)(
    'keep every token colour at 4.5:1 in the %s scheme',
    scheme => {
      const colours = schemes[scheme];
      expect(Object.keys(colours).sort()).toEqual(
        ['attr', 'comment', 'keyword', 'number', 'string', 'title', 'type', 'variable'].sort(),
      );
      for (const [token, colour] of Object.entries(colours)) {
        expect(
          contrast(colour, backgrounds[scheme]),
          `${token} ${colour} on ${backgrounds[scheme]}`,
        ).toBeGreaterThanOrEqual(4.5);
      }
    },
  );
});
