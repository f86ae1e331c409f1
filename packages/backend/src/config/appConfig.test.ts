import { describe, expect, it } from 'vitest';
import { readAppConfig } from './appConfig';
import { createRootConfig } from './createRootConfig';

const configOf = (data: Record<string, unknown>) =>
  createRootConfig({
    data,
    sources: [{ file: '/etc/callboard/app-config.yaml', dir: '/etc/callboard', data }],
    rootDir: '/repo',
  });

describe('readAppConfig', () => {
  it("takes Backstage's app.title, trimmed, and ignores the other app keys", () => {
    expect(readAppConfig(configOf({}))).toEqual({});
    expect(
      readAppConfig(configOf({ app: { title: '  Acme Portal ', baseUrl: 'http://x' } })),
    ).toEqual({ title: 'Acme Portal' });
  });

  it('refuses an empty or overlong title with the config path', () => {
    expect(() => readAppConfig(configOf({ app: { title: ' ' } }))).toThrow(/app\.title/);
    expect(() => readAppConfig(configOf({ app: { title: 'x'.repeat(101) } }))).toThrow(
      /app\.title/,
    );
    expect(() => readAppConfig(configOf({ app: { title: 7 } }))).toThrow(/app\.title/);
  });
});
