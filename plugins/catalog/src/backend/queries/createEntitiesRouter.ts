import { Router, type Request } from 'express';
import type { z } from 'zod';
import {
  assertUsableInput,
  formatZodError,
  parseJsonBody,
  parseQuery,
} from '@callboard/plugin-api/backend';
import { InputError } from '@callboard/plugin-api/common';
import {
  entitiesByQueryBodySchema,
  entitiesByQueryQuerySchema,
  entitiesByRefsBodySchema,
  entitiesByRefsQuerySchema,
  entitiesListQuerySchema,
  entityFacetsBodySchema,
  entityFacetsQuerySchema,
  entityApiPaths,
} from '../../common/entities';
import type { EntitiesQueryService, QueryEntitiesResult } from './createEntitiesQueryService';
import {
  toEntitiesByRefsRequest,
  toEntityFacetsRequestFromBody,
  toEntityFacetsRequestFromQuery,
  toListEntitiesRequest,
  toQueryEntitiesRequestFromBody,
  toQueryEntitiesRequestFromQuery,
} from './parseEntityRequests';
import { sendJsonText, streamJsonArray } from './writeJson';

/**
 * The catalog's entity READ endpoints, on Backstage's paths and wire formats (backstage-spec
 * §2.5). Entities are written as the stored JSON text, never re-serialized unless `fields`
 * prunes them.
 */
export function createEntitiesRouter(options: { service: EntitiesQueryService }): Router {
  const { service } = options;
  const router = Router();

  router.get(entityApiPaths.entities, async (req, res) => {
    const request = toListEntitiesRequest(parseQuery(req, entitiesListQuerySchema));
    const list = await service.listEntities(request);
    if (list.nextAfter) {
      res.setHeader('Link', nextPageLink(req, list.nextAfter));
    }
    await streamJsonArray(res, list.chunks);
  });

  router.get(entityApiPaths.byQuery, async (req, res) => {
    const request = toQueryEntitiesRequestFromQuery(parseQuery(req, entitiesByQueryQuerySchema));
    sendJsonText(res, 200, queryResultJson(await service.queryEntities(request)));
  });

  router.post(entityApiPaths.byQuery, async (req, res) => {
    const request = toQueryEntitiesRequestFromBody(
      parseOptionalJsonBody(req, entitiesByQueryBodySchema),
    );
    sendJsonText(res, 200, queryResultJson(await service.queryEntities(request)));
  });

  router.post(entityApiPaths.byRefs, async (req, res) => {
    const request = toEntitiesByRefsRequest(
      parseJsonBody(req, entitiesByRefsBodySchema),
      parseQuery(req, entitiesByRefsQuerySchema),
    );
    const items = await service.getEntitiesByRefs(request);
    sendJsonText(res, 200, `{"items":[${items.map(item => item ?? 'null').join(',')}]}`);
  });

  router.get(entityApiPaths.byUid, async (req: Request<{ uid: string }>, res) => {
    assertUsableInput(req.params, 'path parameter');
    sendJsonText(res, 200, await service.getEntityByUid(req.params.uid));
  });

  router.get(
    entityApiPaths.byName,
    async (req: Request<{ kind: string; namespace: string; name: string }>, res) => {
      assertUsableInput(req.params, 'path parameter');
      const { kind, namespace, name } = req.params;
      sendJsonText(res, 200, await service.getEntityByName({ kind, namespace, name }));
    },
  );

  router.get(entityApiPaths.facets, async (req, res) => {
    const request = toEntityFacetsRequestFromQuery(parseQuery(req, entityFacetsQuerySchema));
    res.json(await service.getEntityFacets(request));
  });

  router.post(entityApiPaths.facets, async (req, res) => {
    const request = toEntityFacetsRequestFromBody(parseJsonBody(req, entityFacetsBodySchema));
    res.json(await service.getEntityFacets(request));
  });

  return router;
}

/** `{items, totalItems, pageInfo}` around the serialized entities. */
function queryResultJson(result: QueryEntitiesResult): string {
  return (
    `{"items":[${result.items.join(',')}],"totalItems":${result.totalItems},` +
    `"pageInfo":${JSON.stringify(result.pageInfo)}}`
  );
}

/** Backstage's `Link` header: this request without `offset`, with `after`, relative to the plugin. */
function nextPageLink(req: Request, after: string): string {
  const url = new URL(req.url, 'http://ignored');
  url.searchParams.delete('offset');
  url.searchParams.set('after', after);
  return `<${url.pathname}${url.search}>; rel="next"`;
}

/**
 * Like `parseJsonBody`, but an empty object is a valid body: every field of `POST
 * /entities/by-query` is optional.
 */
function parseOptionalJsonBody<T>(req: Request, schema: z.ZodType<T>): T {
  const body: unknown = req.body;
  const isEmptyObject =
    typeof body === 'object' && body !== null && !Array.isArray(body) && !Object.keys(body).length;
  if (!isEmptyObject || !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return parseJsonBody(req, schema);
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new InputError(`Invalid request body: ${formatZodError(result.error)}`);
  }
  return result.data;
}
