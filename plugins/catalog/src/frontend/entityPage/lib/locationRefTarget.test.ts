import { describe, expect, it } from 'vitest';
import { locationRefTarget } from './locationRefTarget';

describe('locationRefTarget', () => {
  it('splits a location ref at the first colon', () => {
    expect(locationRefTarget('url:https://git.example.com/a.yaml')).toEqual({
      type: 'url',
      target: 'https://git.example.com/a.yaml',
    });
    expect(locationRefTarget('file:/srv/catalog/all.yaml')).toEqual({
      type: 'file',
      target: '/srv/catalog/all.yaml',
    });
  });

  it('treats a bare URL as a target', () => {
    expect(locationRefTarget('https://example.com/x')).toEqual({ target: 'https://example.com/x' });
    expect(locationRefTarget('plain')).toEqual({ target: 'plain' });
  });
});
