import { describe, expect, it } from 'vitest';
import { locationRefTarget, safeHttpUrl } from './safeUrl';

describe('safeHttpUrl', () => {
  it('keeps absolute http and https URLs', () => {
    expect(safeHttpUrl('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
    expect(safeHttpUrl(' http://127.0.0.1:8080/x ')).toBe('http://127.0.0.1:8080/x');
  });

  it('refuses script and other schemes, however written', () => {
    for (const value of [
      'javascript:alert(1)',
      '\n java\tscript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      'mailto:a@b.c',
      '/relative/path',
      'not a url',
      '',
    ]) {
      expect(safeHttpUrl(value), value).toBeUndefined();
    }
    expect(safeHttpUrl(42)).toBeUndefined();
    expect(safeHttpUrl(undefined)).toBeUndefined();
  });
});

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
