import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '@callboard/plugin-api/common';

/**
 * Checks GitHub's `X-Hub-Signature-256` against the raw body; throws when it does not match.
 * Without a configured secret every push is accepted.
 */
export function verifyWebhookSignature(
  webhookSecret: string | undefined,
  rawBody: Buffer | undefined,
  signature: string | undefined,
): void {
  if (!webhookSecret) return;
  if (!signature || !rawBody) {
    throw new AuthenticationError(
      'This webhook needs an X-Hub-Signature-256 header (catalog.webhooks.secret is set)',
    );
  }
  const expected = `sha256=${createHmac('sha256', webhookSecret).update(rawBody).digest('hex')}`;
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new AuthenticationError('The webhook signature does not match catalog.webhooks.secret');
  }
}
