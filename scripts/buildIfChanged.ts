// Builds the frontend only when a file the last build read (or the lockfile, or the build's
// config) changed since (ADR 0021). `npm start` runs it in its own process before the server
// (scripts/start.ts); `npm run build:if-changed` runs it alone; `npm run build` always builds.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decideBuild } from '../packages/app/build/buildStamp';

const repositoryRoot = resolve(import.meta.dirname, '..');
const appDir = resolve(repositoryRoot, 'packages/app');

/** True when the frontend is current (already, or built now); false when the build failed. */
export async function buildIfChanged(): Promise<boolean> {
  const decision = await decideBuild({
    repositoryRoot,
    appDir,
    distDir: resolve(appDir, 'dist'),
  });
  if (!decision.build) {
    console.log(
      `The frontend is up to date (built ${decision.builtAt} from ${decision.inputs} files that have not changed since).`,
    );
    return true;
  }
  console.log(`Building the frontend (${decision.reason})…`);
  const started = performance.now();
  const built = spawnSync('npm', ['run', 'build', '--workspace', '@callboard/app'], {
    cwd: repositoryRoot,
    stdio: 'inherit',
  });
  if (built.status !== 0) return false;
  console.log(`Built the frontend in ${Math.round((performance.now() - started) / 1000)} s.`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = (await buildIfChanged()) ? 0 : 1;
}
