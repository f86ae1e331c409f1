// Every example entity shipped with Backstage's catalog-model must be valid, with AiResource
// registered since the examples include the alpha kind.
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aiResourceKinds,
  coreKinds,
  createKindRegistry,
  extractEntityRelations,
  validateEntity,
} from './index';
import {
  corpusSkip,
  EXAMPLES_DIR,
  listFilesRecursively,
  readYamlDocuments,
  REFERENCE_DIR,
  resolvePlaceholders,
} from './test/yamlDocuments';

const registry = createKindRegistry([...coreKinds, ...aiResourceKinds]);
const skip = corpusSkip({ examples: true });
const allFiles = skip ? [] : listFilesRecursively(EXAMPLES_DIR, ['.yaml', '.yml']);

/** Files that entities pull in through `$text`/`$json`/`$yaml` are API documents, not entities. */
function placeholderTargets(value: unknown, baseDir: string, found: Set<string>): void {
  if (value === null || typeof value !== 'object') {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (
      ['$text', '$json', '$yaml'].includes(key) &&
      typeof child === 'string' &&
      child.startsWith('.')
    ) {
      found.add(resolve(baseDir, child));
    }
    placeholderTargets(child, baseDir, found);
  }
}
const referenced = new Set<string>();
for (const file of allFiles) {
  for (const document of readYamlDocuments(file)) {
    if (document.status === 'entity') {
      placeholderTargets(document.value, dirname(file), referenced);
    }
  }
}
const files = allFiles.filter(file => !referenced.has(file));
const documents = files.flatMap(file =>
  readYamlDocuments(file, file.slice(REFERENCE_DIR.length + 1)),
);

describe.skipIf(skip)("Backstage's example entities", () => {
  it('parse as YAML, one entity per non-empty document', () => {
    expect([...referenced].map(f => f.slice(REFERENCE_DIR.length + 1))).toEqual([
      'packages/catalog-model/examples/apis/petstore-webhook.oas.yaml',
    ]);
    expect(
      documents.filter(d => d.status === 'yaml-error' || d.status === 'not-an-object'),
    ).toEqual([]);
    expect(documents.filter(d => d.status === 'entity').length).toBe(67);
  });

  it.each(
    documents.filter(d => d.status === 'entity').map(d => [`${d.file}#${d.index}`, d] as const),
  )('%s is valid', (_, document) => {
    const entity = resolvePlaceholders(document.status === 'entity' ? document.value : null);
    const result = validateEntity(entity, { registry });
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (result.ok) {
      expect(extractEntityRelations(result.entity, { registry }).problems).toEqual([]);
    }
  });
});

describe("Callboard's own catalog-info.yaml", () => {
  const file = resolve(import.meta.dirname, '../../../catalog-info.yaml');
  const entities = readYamlDocuments(file).flatMap(d => (d.status === 'entity' ? [d.value] : []));

  it('describes a Component owned by a Group and part of a System, all in the file', () => {
    expect(entities.map(e => (e as { kind: string }).kind)).toEqual([
      'Component',
      'System',
      'Group',
    ]);
    const relations = entities.flatMap(entity => {
      const result = validateEntity(entity);
      expect(result.ok ? [] : result.problems).toEqual([]);
      return result.ok ? extractEntityRelations(result.entity).relations : [];
    });
    expect(relations).toEqual(
      expect.arrayContaining([
        {
          source: 'component:default/callboard',
          type: 'ownedBy',
          target: 'group:default/callboard-maintainers',
        },
        {
          source: 'component:default/callboard',
          type: 'partOf',
          target: 'system:default/developer-portal',
        },
        {
          source: 'system:default/developer-portal',
          type: 'ownedBy',
          target: 'group:default/callboard-maintainers',
        },
      ]),
    );
  });
});
