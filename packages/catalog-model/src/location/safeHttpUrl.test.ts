import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from './locationRef';

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
