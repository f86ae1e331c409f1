import { createApp } from './app.js';
import { service } from './service.js';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';

const server = createApp().listen(port, host, error => {
  if (error) {
    console.error(`${service.name} cannot listen on ${host}:${port}:`, error.message);
    process.exit(1);
  }
  console.log(`${service.name} listening on http://${host}:${port}`);
});

// Finish the requests in flight when the orchestrator stops the container, then exit.
function shutdown(signal: NodeJS.Signals): void {
  console.log(`${signal} received, closing the server`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
