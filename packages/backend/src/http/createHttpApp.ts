import express, { type Express, type Request, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { describeForUser, ServiceUnavailableError } from '@callboard/plugin-api/common';
import {
  errorHandler,
  notFoundHandler,
  refuseUnusableInput,
  rememberRawBody,
} from '@callboard/plugin-api/backend';
import { compressApiResponses } from './apiCompression';
import { securityHeaders } from './securityHeaders';
import { serveApp } from './serveApp';

export interface HttpApp {
  app: Express;
  /** Mounts a plugin's router at `/api/<id>` (plugins start after the server listens). */
  mountPlugin(pluginId: string, router: Router): void;
  setReady(ready: boolean): void;
}

export interface HttpAppOptions {
  logger: Logger;
  /** The built frontend (`packages/app/dist`). */
  appDistDir: string;
  /** Answers `/readyz`: resolves when the database answers. */
  checkDatabase: () => Promise<void>;
  /** `app.title`: the portal's name in the page's title and header. */
  appTitle?: string;
  /** `backend.csp`: changes to the default Content-Security-Policy. */
  csp?: Readonly<Record<string, readonly string[] | false>>;
}

/**
 * `/healthz` answers while the process lives; `/readyz` once migrations ran and the database
 * answers; `/api/<id>` goes to plugins; unknown `/api` paths are 404 error bodies, never the
 * app shell; every other path serves the frontend.
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(options.csp));
  app.set('query parser', 'extended');
  let ready = false;
  const pluginRouters = new Map<string, Router>();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (!ready) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    try {
      await options.checkDatabase();
      res.json({ status: 'ready' });
    } catch (error) {
      res.status(503).json({ status: 'database unavailable', message: describeForUser(error) });
    }
  });

  const api = express.Router();
  api.use(compressApiResponses());
  api.use(express.json({ limit: '5mb', verify: (req, _res, body) => rememberRawBody(req, body) }));
  // Before any plugin: a NUL, an unpaired surrogate or nesting no endpoint can use is a 400.
  api.use(refuseUnusableInput());
  const notReadyYet: RequestHandler = (_req, _res, next) => {
    next(
      ready
        ? undefined
        : new ServiceUnavailableError('Callboard is starting; try again in a moment'),
    );
  };
  api.use(notReadyYet);
  api.use('/:pluginId', (req: Request<{ pluginId: string }>, res, next) => {
    const router = pluginRouters.get(req.params.pluginId);
    if (router) {
      router(req, res, next);
    } else {
      next();
    }
  });
  api.use(notFoundHandler());
  api.use(errorHandler({ logger: options.logger }));
  app.use('/api', api);

  app.use(serveApp(options.appDistDir, { title: options.appTitle }));
  app.use(notFoundHandler());
  app.use(errorHandler({ logger: options.logger }));

  return {
    app,
    mountPlugin(pluginId, router) {
      if (pluginRouters.has(pluginId)) {
        throw new Error(`A router is already mounted at /api/${pluginId}`);
      }
      pluginRouters.set(pluginId, router);
    },
    setReady(value) {
      ready = value;
    },
  };
}
