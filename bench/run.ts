import { benchCatalog } from './catalog';
import { benchReadsDuringReingest } from './readsDuringReingest';
import { benchPortal } from './portal/atScale';
import { benchPortalTransfer } from './portal/transfer';
import { benchStartup } from './startup';

/**
 * `npm run bench [name...]`: runs the named benchmarks (default: all) and prints one JSON line
 * per measurement. Benchmarks are never part of `npm test`.
 */
const benchmarks: Record<string, () => Promise<void>> = {
  startup: benchStartup,
  catalog: benchCatalog,
  portal: benchPortal,
  'reads-during-reingest': benchReadsDuringReingest,
  'portal-transfer': benchPortalTransfer,
};

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(benchmarks);
for (const name of names) {
  const run = benchmarks[name];
  if (!run) {
    console.error(`Unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  await run();
}
