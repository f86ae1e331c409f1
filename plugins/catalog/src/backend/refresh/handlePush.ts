import type { Knex } from 'knex';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { locationEntities, prioritizeEntities } from '../database/refreshStateStore';

/**
 * Handles a push: every Location entity that reads from the pushed repository (and branch, when
 * both say one) goes to the front of the queue. Returns their refs.
 */
export async function handlePush(
  deps: { knex: Knex; reader: RepositoryReader },
  push: { repository: string; ref?: string },
): Promise<string[]> {
  const { knex, reader } = deps;
  const pushed = reader.repositoryOf(push.repository) ?? {
    repository: normaliseRepository(push.repository),
  };
  const branch = push.ref?.replace(/^refs\/(heads|tags)\//, '');
  const rows = await locationEntities(knex);
  const matches = rows.filter(row => {
    const entity = (
      typeof row.unprocessed_entity === 'string'
        ? JSON.parse(row.unprocessed_entity)
        : row.unprocessed_entity
    ) as {
      spec?: { target?: unknown; targets?: unknown };
    };
    const urls = [
      row.location_key?.startsWith('url:') ? row.location_key.slice(4) : undefined,
      entity.spec?.target,
      ...(Array.isArray(entity.spec?.targets) ? entity.spec.targets : []),
    ].filter((url): url is string => typeof url === 'string' && /^https?:\/\//i.test(url));
    return urls.some(url => {
      const repository = reader.repositoryOf(url);
      return (
        repository?.repository === pushed.repository &&
        (!branch || !repository.ref || repository.ref === branch)
      );
    });
  });
  const refs = matches.map(row => row.entity_ref);
  await prioritizeEntities(knex, refs);
  return refs;
}

function normaliseRepository(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '').replace(/\.git$/, '')}`;
  } catch {
    return url;
  }
}
