import type { Entity } from '@callboard/catalog-model';

export const filesPerRepo = 20;
export const entitiesPerFile = 25;
/** Components in a generated repository. */
export const generatedCount = filesPerRepo * entitiesPerFile;

/** A repository whose root catalog-info.yaml is a Location over many multi-document files. */
export function generatedRepositoryFiles(prefix: string): Record<string, string> {
  const files: Record<string, string> = {
    'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: ${prefix}-all\nspec:\n  targets:\n    - ./services/*.yaml\n`,
  };
  for (let f = 0; f < filesPerRepo; f++) {
    const documents = [];
    for (let e = 0; e < entitiesPerFile; e++) {
      const name = `${prefix}-service-${f}-${e}`;
      const dependency = e > 0 ? `\n  dependsOn: [component:${prefix}-service-${f}-${e - 1}]` : '';
      documents.push(
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-${f % 4}\n  system: ${prefix}-system-${f % 3}${dependency}`,
      );
    }
    files[`services/file-${f}.yaml`] = documents.join('\n---\n') + '\n';
  }
  return files;
}

/**
 * Every relation of a generated entity is in: ownedBy and partOf, dependsOn on the one before it
 * in its file, and dependencyOf (stitched from the next one's processing) on the one after.
 */
export function isFullyStitched(serialized: string): boolean {
  const entity = JSON.parse(serialized) as Entity;
  const position = Number(entity.metadata.name.split('-').pop());
  const expected = 2 + (position > 0 ? 1 : 0) + (position < entitiesPerFile - 1 ? 1 : 0);
  return entity.relations?.length === expected;
}

/** The generated Components as served, without what differs per database (uid, etag). */
export async function servedComponents(url: string, prefix: string): Promise<string[]> {
  const entities = (await (
    await fetch(`${url}/api/catalog/entities?filter=kind=component`)
  ).json()) as Entity[];
  return entities
    .filter(e => e.metadata.name.startsWith(prefix))
    .map(e => {
      const { uid: _uid, etag: _etag, ...metadata } = e.metadata;
      return JSON.stringify({ ...e, metadata });
    })
    .sort();
}

/** Registers a repository through the API; resolves with the HTTP status. */
export async function registerRepository(url: string, cloneUrl: string): Promise<number> {
  const response = await fetch(`${url}/api/catalog/locations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'url', target: cloneUrl }),
  });
  return response.status;
}
