// `npm start` runs this first: builds the frontend only when a file the last build read (or the
// lockfile, or the build's config) changed since, so a second start goes straight to the server
// (ADR 0021). `npm run build` always builds.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { decideBuild } from '../packages/app/build/buildStamp';

const repositoryRoot = resolve(import.meta.dirname, '..');
const appDir = resolve(repositoryRoot, 'packages/app');
const decision = await decideBuild({
  repositoryRoot,
  appDir,
  distDir: resolve(appDir, 'dist'),
});

if (decision.build) {
  console.log(`Building the frontend (${decision.reason})…`);
  const started = performance.now();
  const built = spawnSync('npm', ['run', 'build', '--workspace', '@callboard/app'], {
    cwd: repositoryRoot,
    stdio: 'inherit',
  });
  if (built.status === 0) {
    console.log(`Built the frontend in ${Math.round((performance.now() - started) / 1000)} s.`);
  }
  process.exit(built.status ?? 1);
} else {
  console.log(
    `The frontend is up to date (built ${decision.builtAt} from ${decision.inputs} files that have not changed since).`,
  );
}
