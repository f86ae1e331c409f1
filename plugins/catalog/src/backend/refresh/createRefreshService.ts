import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { parseEntityRef, stringifyEntityRef } from '@callboard/catalog-model';
import { AuthenticationError, InputError, NotFoundError } from '@callboard/plugin-api/common';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import {
  ancestorsOf,
  kindsOf,
  locationEntities,
  prioritizeEntities,
} from '../database/refreshStateStore';

export interface RefreshService {
  /** Puts the entity and the Location entities above it at the front of the queue. */
  refreshEntity(ref: string): Promise<void>;
  /**
   * Handles a push: every Location entity that reads from the pushed repository (and branch, when
   * both say one) goes to the front of the queue. Returns their refs.
   */
  handlePush(push: { repository: string; ref?: string }): Promise<string[]>;
  /** Checks GitHub's `X-Hub-Signature-256` against the raw body; throws when it does not match. */
  verifySignature(rawBody: Buffer | undefined, signature: string | undefined): void;
}

export interface RefreshServiceOptions {
  knex: Knex;
  reader: RepositoryReader;
  webhookSecret?: string;
}

export function createRefreshService(options: RefreshServiceOptions): RefreshService {
  const { knex } = options;

  return {
    async refreshEntity(ref) {
      let entityRef: string;
      try {
        entityRef = stringifyEntityRef(parseEntityRef(ref));
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      // The entity itself and every location above it: re-reading those is what refreshes it.
      const ancestors = await ancestorsOf(knex, entityRef, { includeSelf: true });
      const rows = await kindsOf(
        knex,
        ancestors.map(ancestor => ancestor.ref),
      );
      const targets = rows
        .filter(row => row.entity_ref === entityRef || row.kind === 'location')
        .map(row => row.entity_ref);
      if (!targets.includes(entityRef)) {
        throw new NotFoundError(`Failed to schedule ${ref} for refresh`);
      }
      await prioritizeEntities(knex, targets);
    },

    async handlePush(push) {
      const pushed = options.reader.repositoryOf(push.repository) ?? {
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
          const repository = options.reader.repositoryOf(url);
          return (
            repository?.repository === pushed.repository &&
            (!branch || !repository.ref || repository.ref === branch)
          );
        });
      });
      const refs = matches.map(row => row.entity_ref);
      await prioritizeEntities(knex, refs);
      return refs;
    },

    verifySignature(rawBody, signature) {
      if (!options.webhookSecret) return;
      if (!signature || !rawBody) {
        throw new AuthenticationError(
          'This webhook needs an X-Hub-Signature-256 header (catalog.webhooks.secret is set)',
        );
      }
      const expected = `sha256=${createHmac('sha256', options.webhookSecret).update(rawBody).digest('hex')}`;
      const given = Buffer.from(signature);
      const wanted = Buffer.from(expected);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        throw new AuthenticationError(
          'The webhook signature does not match catalog.webhooks.secret',
        );
      }
    },
  };
}

function normaliseRepository(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '').replace(/\.git$/, '')}`;
  } catch {
    return url;
  }
}
