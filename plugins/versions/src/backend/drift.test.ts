import { describe, expect, it } from 'vitest';
import { describeDrift } from './drift';

const env = (name: string, version?: string) => ({
  name,
  current: version ? { version } : null,
});
const releases = (...versions: Array<[string, string[]]>) =>
  versions.map(([version, deployedTo]) => ({ version, deployedTo }));

describe('drift in words', () => {
  it('counts the releases an environment is behind the one before it', () => {
    expect(
      describeDrift(
        [env('development', '2.4.0'), env('staging', '2.4.0'), env('production', '2.1.0')],
        releases(
          ['2.4.0', ['development', 'staging']],
          ['2.3.0', []],
          ['2.2.0', []],
          ['2.1.0', ['production']],
        ),
      ),
    ).toEqual(['production is 3 releases behind staging']);
  });

  it('names a newest release deployed nowhere, and skips environments running nothing', () => {
    expect(
      describeDrift(
        [env('development', '1.1.0'), env('testing'), env('production', '1.0.0')],
        releases(['1.2.0', []], ['1.1.0', ['development']], ['1.0.0', ['production']]),
      ),
    ).toEqual([
      'production is 1 release behind development',
      '1.2.0 is released and deployed nowhere',
    ]);
  });

  it('compares opaque versions only by name', () => {
    expect(
      describeDrift([env('staging', 'build-812'), env('production', 'build-790')], []),
    ).toEqual(['production runs build-790, staging runs build-812']);
    expect(describeDrift([env('staging', 'abc'), env('production', 'abc')], [])).toEqual([]);
  });
});
