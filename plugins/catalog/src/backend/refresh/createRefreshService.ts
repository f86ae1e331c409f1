import type { Knex } from 'knex';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { handlePush } from './handlePush';
import { refreshEntity } from './refreshEntity';
import { verifyWebhookSignature } from './verifyWebhookSignature';

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

/** Refresh requests and git webhooks; each is a module of its own in refresh/. */
export function createRefreshService(options: RefreshServiceOptions): RefreshService {
  return {
    refreshEntity: ref => refreshEntity(options.knex, ref),
    handlePush: push => handlePush(options, push),
    verifySignature: (rawBody, signature) =>
      verifyWebhookSignature(options.webhookSecret, rawBody, signature),
  };
}
