import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, corpusSkipReason } from '@callboard/test-utils/corpus';
import { generateCatalog } from '../../../../../bench/catalog/generateCatalog';
import {
  maxPlainFileLength,
  maxYamlDepth,
  parsePlainFile,
  parseWithYaml,
  parseYamlDocuments,
} from './parseYamlDocuments';

const fixturesDir = corpusPath('fixtures/real-world');

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

  it('refuses nesting past the limit with its line, not a stack overflow, and keeps the others', () => {
    // Flow collections nest 10,000 deep in a line; block ones 1,000 (their indentation grows).
    const depth = 10_000;
    const blockDepth = 1_000;
    const indented = (marker: string) =>
      Array.from({ length: blockDepth }, (_, level) => `${'  '.repeat(level)}${marker}`).join('\n');
    const block = indented('k:');
    const flow = `a: ${'['.repeat(depth)}${']'.repeat(depth)}`;
    const flowMaps = `a:\n  b: ${'{c: '.repeat(depth)}1${'}'.repeat(depth)}`;
    const sequences = indented('-');
    const text = ['kind: A', block, flow, flowMaps, sequences, 'kind: B'].join('\n---\n') + '\n';
    const starts = [1, 3, blockDepth + 4, blockDepth + 6, blockDepth + 9];
    expect(parseYamlDocuments(text)).toEqual([
      { ok: true, index: 1, line: 1, value: { kind: 'A' } },
      // The 101st mapping of the block document starts on its 101st line.
      {
        ok: false,
        index: 2,
        line: starts[1]! + 100,
        message: `nested deeper than ${maxYamlDepth} levels at line ${starts[1]! + 100}`,
      },
      {
        ok: false,
        index: 3,
        line: starts[2]!,
        message: `nested deeper than ${maxYamlDepth} levels at line ${starts[2]!}`,
      },
      {
        ok: false,
        index: 4,
        line: starts[3]! + 1,
        message: `nested deeper than ${maxYamlDepth} levels at line ${starts[3]! + 1}`,
      },
      {
        ok: false,
        index: 5,
        line: starts[4]! + 100,
        message: `nested deeper than ${maxYamlDepth} levels at line ${starts[4]! + 100}`,
      },
      { ok: true, index: 6, line: blockDepth * 2 + 9, value: { kind: 'B' } },
    ]);
  });

  it('accepts nesting up to the limit, on both parsers', () => {
    const text =
      Array.from({ length: maxYamlDepth }, (_, level) => `${'  '.repeat(level)}k:`).join('\n') +
      ' 1\n';
    let expected: unknown = 1;
    for (let level = 0; level < maxYamlDepth; level++) expected = { k: expected };
    expect(parseYamlDocuments(text)).toEqual([{ ok: true, index: 1, line: 1, value: expected }]);
    expect(Array.from(parseWithYaml(text))).toEqual([
      { ok: true, index: 1, line: 1, value: expected },
    ]);
    const deeper = `${'  '.repeat(maxYamlDepth)}k: 1\n`;
    expect(parseYamlDocuments(text.replace(/ 1\n$/, `\n${deeper}`))).toEqual([
      {
        ok: false,
        index: 1,
        line: maxYamlDepth + 1,
        message: `nested deeper than ${maxYamlDepth} levels at line ${maxYamlDepth + 1}`,
      },
    ]);
  });

  it('returns nothing for an empty file', () => {
    expect(parseYamlDocuments('')).toEqual([]);
    expect(parseYamlDocuments('# only a comment\n')).toEqual([]);
  });

  describe('the fast path (js-yaml) reads plain files exactly as yaml does', () => {
    const edgeCases = [
      'a: 1\n---\nb: 2\n---\n---\nc: 3\n---\n',
      '---\n---\n---\nq: 1\n',
      '# leading comment\n\na: 1\n---\n# only a comment\n---\nb: 2',
      '---   \nc: 3\n--- # a comment\nd: 4\n--- {inline: true}\n',
      'a: 1\r\n---\r\nb: two\r\n',
      'k: |\n  a block with\n  --- inside it, indented\n---\nz: 1\n',
      'k: >\n  folded\n  text\n\n  more\n',
      "k: 'it''s'\nq: \"\\u263A \\x41 \\n\"\nn: [1, 0x1F, 0o17, 1.5e3, .inf, ~, true, 007]\n",
      'list:\n- a\n-   b: 1\n    c: 2\n',
      '{a: 1, b: [x, y]}\n',
      'description: a URL http://example.com:8080/x and a time 12:30\n',
      'key: value # trailing comment\n',
    ];

    it('on edge cases, each of which takes the fast path', () => {
      for (const text of edgeCases) {
        const fast = parsePlainFile(text);
        expect(fast, text).toBeDefined();
        expect(fast, text).toEqual(Array.from(parseWithYaml(text)));
      }
    });

    it('leaves to yaml what it must read by its own rules, and broken files', () => {
      for (const text of [
        '%YAML 1.2\n---\na: 1\n',
        'a: 1\n...\nb: 2\n',
        'a: &x {k: 1}\nb: *x\n',
        'a: !!str 12\n',
        '? explicit key\n: value\n',
        'null: a\n',
        '~: a\n',
        'a: 1\na: 2\n',
        'kind: A\n---\nkind: B\n  bad: [\n',
        // Too large to parse in one go without holding the event loop.
        `${'entry: a plain document\n---\n'.repeat(maxPlainFileLength / 20)}`,
      ]) {
        expect(parsePlainFile(text), text).toBeUndefined();
        expect(parseYamlDocuments(text)).toEqual(Array.from(parseWithYaml(text)));
      }
    });

    it.skipIf(corpusSkipReason('fixtures/real-world'))(
      'on every real-world fixture, most of which take it',
      () => {
        const files = readdirSync(fixturesDir).filter(file => /\.ya?ml$/.test(file));
        let fast = 0;
        for (const file of files) {
          const text = readFileSync(join(fixturesDir, file), 'utf8').replace(/^\uFEFF/, '');
          const documents = parsePlainFile(text);
          if (documents) fast++;
          expect(parseYamlDocuments(text), file).toEqual(Array.from(parseWithYaml(text)));
        }
        // Exact: a change means files moved from one path to the other, which deserves a look.
        expect({ files: files.length, fast }).toEqual({ files: 102, fast: 96 });
      },
    );

    it("on the bench's generated catalog", () => {
      const { files } = generateCatalog(2_000);
      for (const text of Object.values(files)) {
        expect(parsePlainFile(text)).toBeDefined();
        expect(parsePlainFile(text)).toEqual(Array.from(parseWithYaml(text)));
      }
    });
  });
});
