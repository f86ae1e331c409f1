import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { RootConfig } from '@callboard/plugin-api/backend';
import { AuthenticationError, InputError, NotAllowedError } from '@callboard/plugin-api/common';

/**
 * Backstage's static service tokens (`backend.auth.externalAccess`), checked for one plugin's
 * write endpoints. Other access types (legacy, jwks) are Backstage's too; they are accepted in
 * config and ignored here. Kept in this plugin until a second plugin needs it.
 */
const staticAccessSchema = z.object({
  type: z.literal('static'),
  options: z.object({
    token: z
      .string()
      .min(8, 'must be at least 8 characters')
      .regex(/^\S+$/, 'must not contain whitespace'),
    subject: z.string().min(1),
  }),
  accessRestrictions: z
    .array(z.object({ plugin: z.string() }).loose())
    .min(1)
    .optional(),
});
/** Every entry; a `static` one must be complete (a bad one fails start-up, naming its key). */
const externalAccessSchema = z
  .array(z.looseObject({ type: z.string() }))
  .default([])
  .superRefine((entries, context) => {
    entries.forEach((entry, index) => {
      if (entry.type !== 'static') return;
      const parsed = staticAccessSchema.safeParse(entry);
      for (const issue of parsed.error?.issues ?? []) {
        context.addIssue({ code: 'custom', path: [index, ...issue.path], message: issue.message });
      }
    });
  });

interface StaticToken {
  digest: Buffer;
  subject: string;
  plugins: readonly string[] | undefined;
}

/** Query parameters that would carry a token into logs and browser history. */
const tokenParameters = ['token', 'access_token', 'accessToken', 'auth', 'authorization'];

export interface ExternalCaller {
  subject: string;
}

/**
 * A middleware that lets through only requests with `Authorization: Bearer <token>` of a static
 * token allowed for `pluginId`: no or unknown token → 401, a token restricted to other plugins →
 * 403, a token in the query string → 400 (refused even when the header is right).
 */
export function requireExternalAccess(rootConfig: RootConfig, pluginId: string): RequestHandler {
  const tokens: StaticToken[] = rootConfig
    .read('backend.auth.externalAccess', externalAccessSchema)
    .flatMap(entry => {
      const parsed = staticAccessSchema.safeParse(entry);
      if (!parsed.success) return [];
      return [
        {
          digest: digestOf(parsed.data.options.token),
          subject: parsed.data.options.subject,
          plugins: parsed.data.accessRestrictions?.map(restriction => restriction.plugin),
        },
      ];
    });
  return (req, _res, next) => {
    const parameter = tokenParameters.find(name => name in (req.query as object));
    if (parameter) {
      throw new InputError(
        `A token in the query string ("${parameter}") is refused: it ends up in logs. Send it as "Authorization: Bearer <token>"`,
      );
    }
    const presented = bearerToken(req);
    if (!presented) {
      throw new AuthenticationError('Missing credentials: send "Authorization: Bearer <token>"');
    }
    const digest = digestOf(presented);
    const match = tokens.find(token => timingSafeEqual(token.digest, digest));
    if (!match) {
      throw new AuthenticationError('Invalid token');
    }
    if (match.plugins && !match.plugins.includes(pluginId)) {
      throw new NotAllowedError(
        `The token of "${match.subject}" is not allowed to use the ${pluginId} plugin`,
      );
    }
    localsOf(req).caller = { subject: match.subject };
    next();
  };
}

/** The caller a request was let through as, by `requireExternalAccess`. */
export function externalCallerOf(req: Request): ExternalCaller {
  const caller = localsOf(req).caller;
  if (!caller) throw new AuthenticationError('Missing credentials');
  return caller;
}

function localsOf(req: Request): { caller?: ExternalCaller } {
  return req.res!.locals as { caller?: ExternalCaller };
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Fixed-length digests, so that comparing them takes the same time whatever the token. */
function digestOf(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
