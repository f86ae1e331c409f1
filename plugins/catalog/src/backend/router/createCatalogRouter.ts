import express, { type Router } from 'express';
import { z } from 'zod';
import { InputError } from '@callboard/plugin-api/common';
import { parseJsonBody, parseParams, parseQuery, rawBodyOf } from '@callboard/plugin-api/backend';
import {
  analyzeLocationRequestSchema,
  createLocationQuerySchema,
  gitWebhookSchema,
  locationsByQueryRequestSchema,
  locationSpecSchema,
  refreshRequestSchema,
  validateEntityRequestSchema,
} from '../../common/locations';
import { filterPredicateSchema } from '../../common/entities';
import type { EntityService } from '../entities/createEntityService';
import type { LocationService } from '../locations/createLocationService';
import type { RefreshService } from '../refresh/createRefreshService';

const nameParams = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});
const recentQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const idParams = z.object({ id: z.string().min(1) });
const problemsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: z.string().optional(),
  entityRef: z.string().optional(),
  location: z.string().min(1).optional(),
});

/**
 * The catalog's write and maintenance endpoints (Backstage's paths), plus Callboard's additions:
 * `GET /problems`, `GET /status`, `GET /entities/recent`, an entity's `…/processing` state and
 * `POST /webhooks/git`. Thin: parse, call a service, respond.
 */
export function createCatalogRouter(services: {
  locations: LocationService;
  entities: EntityService;
  refresh: RefreshService;
}): Router {
  const router = express.Router();
  const { locations, entities, refresh } = services;

  router.post('/refresh', async (req, res) => {
    const body = parseJsonBody(req, refreshRequestSchema);
    await refresh.refreshEntity(body.entityRef);
    res.status(200).end();
  });

  router.delete('/entities/by-uid/:uid', async (req, res) => {
    await entities.deleteByUid(parseParams(req, z.object({ uid: z.string().min(1) })).uid);
    res.status(204).end();
  });

  router.get('/entities/by-name/:kind/:namespace/:name/ancestry', async (req, res) => {
    res.json(await entities.ancestry(parseParams(req, nameParams)));
  });

  router.get('/entities/by-name/:kind/:namespace/:name/processing', async (req, res) => {
    res.json(await entities.processing(parseParams(req, nameParams)));
  });

  router.get('/entities/recent', async (req, res) => {
    res.json(await entities.recent(parseQuery(req, recentQuery).limit));
  });

  router.post('/locations', async (req, res) => {
    const query = parseQuery(req, createLocationQuerySchema);
    const body = parseJsonBody(req, locationSpecSchema);
    const result = await locations.createLocation(body, {
      dryRun: query.dryRun,
      onConflict: query.onConflict,
    });
    res.status(201).json(result);
  });

  router.get('/locations', async (_req, res) => {
    res.json((await locations.listLocations()).map(data => ({ data })));
  });

  router.post('/locations/by-query', async (req, res) => {
    const body = locationsByQueryRequestSchema.parse(req.body ?? {});
    const query = body.query === undefined ? undefined : filterPredicateSchema.parse(body.query);
    res.json(await locations.queryLocations({ cursor: body.cursor, limit: body.limit, query }));
  });

  router.get('/locations/by-entity/:kind/:namespace/:name', async (req, res) => {
    const { kind, namespace, name } = parseParams(req, nameParams);
    res.json(await locations.getLocationByEntity(`${kind}:${namespace}/${name}`));
  });

  router.get('/locations/:id', async (req, res) => {
    res.json(await locations.getLocation(parseParams(req, idParams).id));
  });

  router.put('/locations/:id', async (req, res) => {
    const body = parseJsonBody(req, locationSpecSchema);
    res.json(await locations.updateLocation(parseParams(req, idParams).id, body));
  });

  router.delete('/locations/:id', async (req, res) => {
    await locations.deleteLocation(parseParams(req, idParams).id);
    res.status(204).end();
  });

  router.post('/analyze-location', async (req, res) => {
    const body = parseJsonBody(req, analyzeLocationRequestSchema);
    res.json(await locations.analyzeLocation(body.location, body.catalogFilename));
  });

  router.post('/validate-entity', async (req, res) => {
    const body = parseJsonBody(req, validateEntityRequestSchema);
    const errors = await entities.validate(body.entity, body.location);
    if (errors.length > 0) {
      // Backstage answers this endpoint's failures with `{errors}`, not the usual error body.
      res.status(400).json({ errors });
      return;
    }
    res.status(200).end();
  });

  router.get('/status', async (_req, res) => {
    res.json(await entities.status());
  });

  router.get('/problems', async (req, res) => {
    const query = parseQuery(req, problemsQuery);
    res.json(await entities.listProblems(query));
  });

  router.post('/webhooks/git', async (req, res) => {
    refresh.verifySignature(rawBodyOf(req), req.header('x-hub-signature-256') ?? undefined);
    if (req.header('x-github-event') === 'ping') {
      res.json({ refreshed: [] });
      return;
    }
    const body = parseJsonBody(req, gitWebhookSchema);
    const repository =
      typeof body.repository === 'string'
        ? body.repository
        : (body.repository.html_url ??
          body.repository.clone_url ??
          body.repository.git_http_url ??
          body.repository.url);
    if (!repository) {
      throw new InputError(
        'The webhook body names no repository (repository, or repository.html_url / clone_url)',
      );
    }
    res.json({ refreshed: await refresh.handlePush({ repository, ref: body.ref }) });
  });

  return router;
}
