import express, { type ErrorRequestHandler, type Express } from 'express';
import { service } from './service.js';

/**
 * The HTTP application, without a listening socket: `index.ts` starts it, tests start it on a
 * free port.
 */
export function createApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());

  // Liveness for Docker, Kubernetes and load balancers: answers as long as the process serves.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/', (_req, res) => {
    res.json({ name: service.name, description: service.description });
  });

  app.use((req, res) => {
    res.status(404).json({
      error: { name: 'NotFoundError', message: `No route for ${req.method} ${req.path}` },
    });
  });

  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    console.error(error);
    res.status(500).json({ error: { name: 'Error', message: 'Internal server error' } });
  };
  app.use(onError);

  return app;
}
