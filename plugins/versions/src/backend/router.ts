import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import { parseJsonBody, parseParams, parseQuery } from '@callboard/plugin-api/backend';
import {
  deploymentRequestSchema,
  deploymentsQuerySchema,
  impactQuerySchema,
  overviewQuerySchema,
  releaseRequestSchema,
  versionsRoutes,
} from '../common';
import { externalCallerOf } from './externalAccess';
import type { VersionsService } from './versionsService';

const entityParamsSchema = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});

/**
 * Routes under `/api/versions`: validate, call the service, answer. Writes go through
 * `requireWrite` (a CI token); reads are open like the catalog's.
 */
export function addVersionsRoutes(
  router: Router,
  service: VersionsService,
  requireWrite: RequestHandler,
): void {
  router.get(versionsRoutes.environments, async (_req, res) => {
    res.json({ items: await service.environments() });
  });

  router.get(versionsRoutes.entity, async (req, res) => {
    const { kind, namespace, name } = parseParams(req, entityParamsSchema);
    res.json(await service.entityVersions(`${kind}:${namespace}/${name}`));
  });

  router.get(versionsRoutes.deployments, async (req, res) => {
    res.json(await service.deployments(parseQuery(req, deploymentsQuerySchema)));
  });

  router.post(versionsRoutes.deployments, requireWrite, async (req, res) => {
    const request = parseJsonBody(req, deploymentRequestSchema);
    const { deployment, created } = await service.reportDeployment(
      request,
      externalCallerOf(req).subject,
    );
    // A retry with the same idempotency key answers the stored deployment, and says so.
    res.status(created ? 201 : 200).json(deployment);
  });

  router.post(versionsRoutes.releases, requireWrite, async (req, res) => {
    res.status(201).json(await service.reportRelease(parseJsonBody(req, releaseRequestSchema)));
  });

  router.get(versionsRoutes.impact, async (req, res) => {
    res.json(await service.impact(parseQuery(req, impactQuerySchema)));
  });

  router.get(versionsRoutes.overview, async (req, res) => {
    res.json(await service.overview(parseQuery(req, overviewQuerySchema)));
  });
}
