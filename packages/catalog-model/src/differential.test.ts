// Differential test: for every document of every catalog and template file in the real-world
// fixtures, Callboard's validateEntity must give the same valid/invalid verdict as Backstage's own
// code (see test/backstageVerdict.ts for what is replayed).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from './index';
import { backstageVerdict } from './test/backstageVerdict';
import {
  corpusSkip,
  FIXTURES_DIR,
  readFixtureSources,
  readYamlDocuments,
  resolvePlaceholders,
  type YamlDocument,
} from './test/yamlDocuments';

/**
 * Documents where Callboard deliberately disagrees with Backstage, keyed `<fixture file>#<index>`,
 * with the reason. Each is written up in docs/adr/0003-catalog-model-validation.md. Empty: there
 * are none.
 */
const DELIBERATE_DISAGREEMENTS: Record<string, string> = {};

const skip = corpusSkip({ fixtures: true });
const sources = skip
  ? []
  : readFixtureSources().filter(s => s.kind === 'catalog' || s.kind === 'template');
const documents: YamlDocument[] = sources.flatMap(source =>
  readYamlDocuments(join(FIXTURES_DIR, source.file), source.file),
);
const entityDocuments = documents.filter(d => d.status === 'entity');
const count = (status: YamlDocument['status']) => documents.filter(d => d.status === status).length;

describe.skipIf(skip)('differential: Callboard vs Backstage on real-world fixtures', () => {
  it('reads catalog and template fixtures, skipping mkdocs files', () => {
    expect(sources.every(s => !s.file.endsWith('mkdocs.yml'))).toBe(true);
    // The corpus is fixed: these are its exact counts.
    expect({
      files: sources.length,
      entities: entityDocuments.length,
      yamlErrors: count('yaml-error'),
      empty: count('empty'),
      notObjects: count('not-an-object'),
    }).toEqual({ files: 97, entities: 207, yamlErrors: 4, empty: 2, notObjects: 0 });
  });

  it('gives the same verdict as Backstage for every entity document', async () => {
    const rows = await Promise.all(
      entityDocuments.map(async document => {
        const entity = resolvePlaceholders(document.value);
        const backstage = await backstageVerdict(entity);
        const callboard = validateEntity(entity);
        return {
          key: `${document.file}#${document.index}`,
          backstage,
          callboard,
          agree: backstage.valid === callboard.ok,
        };
      }),
    );

    const agreeing = rows.filter(r => r.agree).length;
    const unexpected = rows.filter(r => !r.agree && !(r.key in DELIBERATE_DISAGREEMENTS));
    const stale = Object.keys(DELIBERATE_DISAGREEMENTS).filter(
      key => !rows.some(r => r.key === key && !r.agree),
    );
    console.log(
      `differential: ${rows.length} documents, ${agreeing} agree ` +
        `(${rows.filter(r => r.backstage.valid).length} valid, ${rows.filter(r => !r.backstage.valid).length} invalid for Backstage), ` +
        `${rows.length - agreeing} disagree (${Object.keys(DELIBERATE_DISAGREEMENTS).length} deliberate); ` +
        `not entity documents: ${count('yaml-error')} YAML errors, ${count('empty')} empty, ` +
        `${count('not-an-object')} not objects; from ${sources.length} files`,
    );
    for (const d of documents) {
      if (d.status === 'yaml-error') console.log(`  YAML error   ${d.file}#${d.index}: ${d.error}`);
      if (d.status === 'empty') console.log(`  empty        ${d.file}#${d.index}`);
      if (d.status === 'not-an-object')
        console.log(`  not object   ${d.file}#${d.index}: ${d.type}`);
    }
    for (const r of rows.filter(r => !r.backstage.valid)) {
      const first = r.callboard.ok ? '(valid for Callboard)' : r.callboard.problems[0]?.message;
      console.log(`  invalid      ${r.key}: ${first}`);
    }

    expect(
      unexpected.map(r => ({
        key: r.key,
        backstage: r.backstage,
        callboard: r.callboard.ok ? 'valid' : r.callboard.problems,
      })),
    ).toEqual([]);
    expect(stale).toEqual([]);
    expect(rows.filter(r => r.backstage.valid).length).toBe(161);
  });
});
