import { describe, expect, it } from 'vitest';
import type { AnalyzeLocationResponse } from '../../common';
import { summarizeAnalysis } from './summarizeAnalysis';

const file = 'https://git.example/acme/shop/blob/main/catalog-info.yaml';
const component = (name: string, isRegistered = false) => ({
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner: 'team-a' },
  },
  isRegistered,
  location: { type: 'url', target: file },
});
const response = (
  entities: AnalyzeLocationResponse['existingEntityFiles'],
  problems: AnalyzeLocationResponse['problems'] = [],
): AnalyzeLocationResponse => ({ existingEntityFiles: entities, generateEntities: [], problems });

describe('summarizeAnalysis', () => {
  it('lists the entities with their owner and whether they are registered', () => {
    const summary = summarizeAnalysis(response([component('a'), component('b', true)]));
    expect(summary.entities).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/a',
        owner: 'team-a',
        isRegistered: false,
        file,
      }),
      expect.objectContaining({ entityRef: 'component:default/b', isRegistered: true }),
    ]);
    expect(summary.newCount).toBe(1);
    expect(summary.blocker).toBeUndefined();
  });

  it('lets valid entities be imported beside broken documents, errors listed first', () => {
    const summary = summarizeAnalysis(
      response(
        [component('a')],
        [
          { type: 'relation', level: 'warning', message: 'unknown owner' },
          {
            type: 'yaml',
            level: 'error',
            message: 'YAML error in document 2',
            document: 2,
            line: 15,
          },
        ],
      ),
    );
    expect(summary.blocker).toBeUndefined();
    expect(summary.errorCount).toBe(1);
    expect(summary.problems.map(problem => problem.level)).toEqual(['error', 'warning']);
  });

  it('blocks a repository without a descriptor, an unreadable URL, and nothing valid', () => {
    const read = (message: string) =>
      summarizeAnalysis(response([], [{ type: 'read', level: 'error', message }])).blocker?.title;
    expect(read('Could not read url:x: There is no catalog-info.yaml in the folder /')).toBe(
      'No catalog-info.yaml here',
    );
    expect(read('Could not read url:x: Failed to connect to 127.0.0.1 port 1')).toBe(
      'Could not read this URL',
    );
    expect(
      summarizeAnalysis(response([], [{ type: 'yaml', level: 'error', message: 'bad' }])).blocker
        ?.title,
    ).toBe('No valid entity found');
    expect(summarizeAnalysis(response([])).blocker?.title).toBe('No entities found');
  });

  it('blocks importing what is all in the catalog already', () => {
    expect(summarizeAnalysis(response([component('a', true)])).blocker?.title).toBe(
      'Everything here is already in the catalog',
    );
  });
});
