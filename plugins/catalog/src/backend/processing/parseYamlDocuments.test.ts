import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from './parseYamlDocuments';

describe('parseYamlDocuments', () => {
  it('returns every document with its index and first line, skipping empty ones', () => {
    const docs = parseYamlDocuments('a: 1\n---\nb: 2\n---\n---\nc: 3\n---\n');
    expect(docs).toEqual([
      { ok: true, index: 1, line: 1, value: { a: 1 } },
      { ok: true, index: 2, line: 2, value: { b: 2 } },
      { ok: true, index: 4, line: 5, value: { c: 3 } },
    ]);
  });

  it('handles CRLF and a missing final newline', () => {
    expect(
      parseYamlDocuments('a: 1\r\n---\r\nb: two').map(d => (d.ok ? d.value : d.message)),
    ).toEqual([{ a: 1 }, { b: 'two' }]);
  });

  it('reports a broken document with its index and line, and keeps the others', () => {
    const docs = parseYamlDocuments('kind: A\n---\nkind: B\n  bad: [\n---\nkind: C\n');
    expect(docs[0]).toMatchObject({ ok: true, value: { kind: 'A' } });
    expect(docs[1]).toMatchObject({ ok: false, index: 2 });
    expect((docs[1] as { line: number }).line).toBeGreaterThanOrEqual(3);
    expect(docs[2]).toMatchObject({ ok: true, index: 3, value: { kind: 'C' } });
  });

  it('refuses duplicate keys and alias bombs instead of expanding them', () => {
    expect(parseYamlDocuments('a: 1\na: 2\n')[0]).toMatchObject({ ok: false });
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      );
    expect(parseYamlDocuments(bomb.join('\n'))[0]).toMatchObject({ ok: false });
  });

  it('returns nothing for an empty file', () => {
    expect(parseYamlDocuments('')).toEqual([]);
    expect(parseYamlDocuments('# only a comment\n')).toEqual([]);
  });
});
