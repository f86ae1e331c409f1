import { describe, expect, it } from 'vitest';
import { activeHeadingIndex } from './activeHeading';

describe('the heading being read', () => {
  it('is the last one that has passed the line under the header', () => {
    expect(activeHeadingIndex([120, 600, 1400], 80, false)).toBe(0);
    expect(activeHeadingIndex([-300, 40, 700], 80, false)).toBe(1);
    expect(activeHeadingIndex([-900, -400, 80], 80, false)).toBe(2);
  });

  it('is the last one at the end of the page, and none on a page without headings', () => {
    expect(activeHeadingIndex([-300, 40, 700], 80, true)).toBe(2);
    expect(activeHeadingIndex([], 80, false)).toBe(-1);
  });
});
