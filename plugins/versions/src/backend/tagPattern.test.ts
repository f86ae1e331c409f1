import { describe, expect, it } from 'vitest';
import { defaultTagPattern, tagPatternProblem, versionOfTag } from './tagPattern';

describe('which tags are releases', () => {
  it('takes 1.2.3 and v1.2.3 by default, and nothing else', () => {
    expect(versionOfTag('1.2.3', defaultTagPattern)).toBe('1.2.3');
    expect(versionOfTag('v2.0.0-rc.1', defaultTagPattern)).toBe('2.0.0-rc.1');
    expect(versionOfTag('release-2026-12-07', defaultTagPattern)).toBeUndefined();
    expect(versionOfTag('v1.2', defaultTagPattern)).toBeUndefined();
    expect(versionOfTag('payments@1.2.3', defaultTagPattern)).toBeUndefined();
  });

  it('takes the monorepo schemes <name>@1.2.3 and <name>/v1.2.3 by pattern', () => {
    expect(versionOfTag('payments@1.2.3', 'payments@{version}')).toBe('1.2.3');
    expect(versionOfTag('billing@1.2.3', 'payments@{version}')).toBeUndefined();
    expect(versionOfTag('payments/v1.4.0', 'payments/v{version}')).toBe('1.4.0');
    expect(versionOfTag('payments/1.4.0', 'payments/{version}')).toBe('1.4.0');
    expect(versionOfTag('payments/v1.4.0', 'payments/{version}')).toBe('1.4.0');
  });

  it('says why a pattern is unusable', () => {
    expect(tagPatternProblem('payments@{version}')).toBeUndefined();
    expect(tagPatternProblem('payments')).toBe(
      'The tag pattern "payments" (callboard.dev/tag-pattern) must contain {version} exactly once, as in "payments@{version}"',
    );
  });
});
