import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringifyEntityRef, validateEntity, type Entity } from '@callboard/catalog-model';
import {
  corpusPath,
  corpusSkipReason,
  engineSkipReason,
  startGitServer,
  startTestServer,
  type TestGitServer,
  type TestRepository,
  type TestServer,
} from '@callboard/test-utils';
import type { PluginList } from '@callboard/plugin-api/backend';
import { catalogPlugin } from './catalogPlugin';
import type { CatalogService } from './CatalogService';

const fixturesDir = corpusPath('fixtures/real-world');
const allowedKinds = [
  'Component',
  'API',
  'Resource',
  'System',
  'Domain',
  'Group',
  'User',
  'Location',
  'Template',
];

/** The catalog and template files of the fixture set (mkdocs.yml and the index files are not descriptors). */
function fixtureFiles(): string[] {
  const sources = readFileSync(join(fixturesDir, 'SOURCES.tsv'), 'utf8').split('\n').slice(1);
  const descriptors = new Set(
    sources
      .map(line => line.split('\t'))
      .filter(columns => columns[4] === 'catalog' || columns[4] === 'template')
      .map(columns => columns[5]!),
  );
  return readdirSync(fixturesDir)
    .filter(file => descriptors.has(file))
    .sort();
}

type Expectation =
  | { file: string; document: number; kind: 'entity'; ref: string; valid: boolean }
  | { file: string; document: number; kind: 'file-problem'; problemType: string };

const hasPlaceholder = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(hasPlaceholder)
    : !!value && typeof value === 'object'
      ? (Object.keys(value).length === 1 &&
          ['$text', '$json', '$yaml'].includes(Object.keys(value)[0]!)) ||
        Object.values(value).some(hasPlaceholder)
      : false;

/**
 * What Callboard must make of each document, decided independently of the ingestion code: by
 * the `yaml` parser and catalog-model's verdict (which agrees with Backstage's on every one of
 * these documents; see the differential test).
 */
function expectationsFor(file: string, text: string): Expectation[] {
  const out: Expectation[] = [];
  const documents = parseAllDocuments(text);
  (Array.isArray(documents) ? documents : []).forEach((document, position) => {
    const index = position + 1;
    if (document.errors.length > 0) {
      out.push({ file, document: index, kind: 'file-problem', problemType: 'yaml' });
      return;
    }
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) return;
    const entity = value as Partial<Entity>;
    if (
      typeof value !== 'object' ||
      Array.isArray(value) ||
      typeof entity.kind !== 'string' ||
      typeof entity.apiVersion !== 'string' ||
      typeof entity.metadata?.name !== 'string'
    ) {
      out.push({ file, document: index, kind: 'file-problem', problemType: 'envelope' });
      return;
    }
    if (!allowedKinds.some(kind => kind.toLowerCase() === entity.kind!.toLowerCase())) {
      out.push({ file, document: index, kind: 'file-problem', problemType: 'rules' });
      return;
    }
    const ref = stringifyEntityRef({
      kind: entity.kind,
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
    });
    // Placeholders point at files this repository does not have, or at hosts it may not read.
    const valid = !hasPlaceholder(value) && validateEntity(value).ok;
    out.push({ file, document: index, kind: 'entity', ref, valid });
  });
  return out;
}

/** A second definition of a ref in the same file is a duplicate, reported on the file. */
function markDuplicatesInOneFile(expectations: Expectation[]): Expectation[] {
  const seen = new Set<string>();
  return expectations.map(expectation => {
    if (expectation.kind !== 'entity') return expectation;
    const key = `${expectation.file}\u0000${expectation.ref}`;
    if (!seen.has(key)) {
      seen.add(key);
      return expectation;
    }
    return {
      file: expectation.file,
      document: expectation.document,
      kind: 'file-problem',
      problemType: 'location',
    };
  });
}

describe('every real-world descriptor, registered from a git repository', () => {
  const skip = engineSkipReason('pg') ?? corpusSkipReason('fixtures/real-world/SOURCES.tsv');
  let git: TestGitServer;
  let repo: TestRepository;
  let server: TestServer;
  let catalog: CatalogService | undefined;
  const files = skip ? [] : fixtureFiles();
  const expectations = markDuplicatesInOneFile(
    files.flatMap(file => expectationsFor(file, readFileSync(join(fixturesDir, file), 'utf8'))),
  );

  const api = (path: string, init?: RequestInit) => server.fetch(`/api/catalog${path}`, init);
  const registerAll = async (query = '') => {
    for (const file of files) {
      const response = await api(`/locations${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'url', target: repo.blobUrl(file) }),
      });
      expect(response.status, `${file}: ${await response.clone().text()}`).toBe(201);
    }
    await catalog!.whenIdle(120_000);
  };
  const snapshot = async () => {
    const entities = (await (
      await api('/entities?fields=kind,metadata.namespace,metadata.name,metadata.uid')
    ).json()) as Entity[];
    return entities.map(e => `${stringifyEntityRef(e)} ${e.metadata.uid}`).sort();
  };

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    repo = await git.createRepository(
      'fixtures/real-world.git',
      Object.fromEntries(files.map(file => [file, readFileSync(join(fixturesDir, file))])),
    );
    const plugins: PluginList = async (start, core) => {
      catalog = await start(catalogPlugin, { kinds: core.kinds });
    };
    server = await startTestServer({
      engine: 'pg',
      plugins,
      config: {
        integrations: { git: [{ host: git.host }] },
        backend: { reading: { allow: [{ host: git.host }] } },
        catalog: {
          rules: [{ allow: allowedKinds }],
          processingInterval: { minutes: 30 },
          // The default reading timeout (30 s): 5 s ran out on a loaded machine, reads of the
          // local git server failed and valid entities went missing.
        },
      },
    });
    await registerAll();
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    await git?.close();
  });

  const allProblems = async () => {
    const problems: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    do {
      const page = (await (
        await api(`/problems?limit=500${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()) as {
        items: Array<Record<string, unknown>>;
        pageInfo: { nextCursor?: string };
      };
      problems.push(...page.items);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return problems;
  };
  const fileRefOf = (file: string) => `url:${repo.blobUrl(file)}`;

  it.skipIf(skip)(
    'has every valid entity, reports every invalid one and every broken document, precisely',
    async () => {
      const problems = await allProblems();
      const present = new Set((await snapshot()).map(line => line.split(' ')[0]));
      const entities = expectations.filter(
        (e): e is Extract<Expectation, { kind: 'entity' }> => e.kind === 'entity',
      );
      const byRef = new Map<string, typeof entities>();
      for (const definition of entities)
        byRef.set(definition.ref, [...(byRef.get(definition.ref) ?? []), definition]);

      const missing: string[] = [];
      for (const [ref, definitions] of byRef) {
        // Two files define it: one keeps it (whichever was written first); each other one is
        // reported as a conflict naming its file.
        const losers = definitions.filter(d =>
          problems.some(
            p => p.type === 'conflict' && p.entityRef === ref && p.file === fileRefOf(d.file),
          ),
        );
        if (losers.length !== definitions.length - 1) {
          missing.push(
            `${ref}: ${definitions.length} definitions, ${losers.length} reported as conflicts`,
          );
          continue;
        }
        const winner = definitions.find(d => !losers.includes(d))!;
        if (winner.valid && !present.has(ref))
          missing.push(`${winner.file}#${winner.document} ${ref} is valid but missing`);
        if (!winner.valid) {
          if (present.has(ref))
            missing.push(`${winner.file}#${winner.document} ${ref} is invalid but present`);
          const reported = problems.some(
            p => p.entityRef === ref && p.level === 'error' && String(p.message).length > 0,
          );
          if (!reported)
            missing.push(`${winner.file}#${winner.document} ${ref} is invalid but not reported`);
        }
      }
      for (const expectation of expectations) {
        if (expectation.kind !== 'file-problem') continue;
        const found = problems.some(
          p =>
            p.file === fileRefOf(expectation.file) &&
            p.document === expectation.document &&
            p.type === expectation.problemType,
        );
        if (!found)
          missing.push(
            `${expectation.file}#${expectation.document}: no ${expectation.problemType} problem`,
          );
      }
      expect(missing).toEqual([]);

      // Problems about an entity's fields say which file, document and field.
      for (const problem of problems.filter(p => p.type === 'validation')) {
        expect(problem.file, JSON.stringify(problem)).toMatch(/^url:/);
        expect(problem.document, JSON.stringify(problem)).toBeGreaterThan(0);
        expect(problem.field, JSON.stringify(problem)).toBeTruthy();
      }
      expect((await server.fetch('/readyz')).status).toBe(200);

      const valid = [...byRef.keys()].filter(ref => present.has(ref));
      // The corpus is fixed: its exact counts (decided above without the ingestion code).
      expect({
        files: files.length,
        documents: expectations.length,
        brokenOrRefused: expectations.filter(e => e.kind === 'file-problem').length,
        refsInSeveralFiles: [...byRef.values()].filter(d => d.length > 1).length,
        ingested: valid.length,
      }).toEqual({
        files: 97,
        documents: 211,
        brokenOrRefused: 12,
        refsInSeveralFiles: 8,
        ingested: 138,
      });
      console.log(
        `real-world: ${files.length} files, ${expectations.length} entity documents and broken documents: ` +
          `${valid.length} entities ingested, ${[...byRef.values()].filter(d => d.length > 1).length} refs defined in several files, ` +
          `${expectations.filter(e => e.kind === 'file-problem').length} broken or refused documents; ${problems.length} problems listed`,
      );
    },
  );

  it.skipIf(skip)('changes nothing when every location is registered again', async () => {
    const before = await snapshot();
    await registerAll('?onConflict=refresh');
    expect(await snapshot()).toEqual(before);
  });
});
