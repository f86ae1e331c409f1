// `npm start [-- --config file.yaml]`: the frontend is built if (and only if) something it is
// built from changed, then the backend starts in this same process: one Node.js start instead
// of two, which is most of what a second start costs (ADR 0021).
import { buildIfChanged } from './buildIfChanged';

if (await buildIfChanged()) {
  await import('../packages/backend/src/main');
} else {
  console.error('\nCallboard cannot start: the frontend build failed (see above).\n');
  process.exitCode = 1;
}
