import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';

/**
 * The record of what a frontend build was made from: every input file with its SHA-256, written
 * into `dist/` as the build's very last step. `npm start` compares it with the files on disk and
 * builds only when one differs (ADR 0021).
 *
 * It lives inside `dist/` on purpose: Vite empties `dist/` when a build starts, so a build that
 * fails or is interrupted leaves no record, and the next start builds again.
 */
export const buildStampName = '.build-inputs.json';

const stampSchema = z.object({
  /** Bumped when the stamp's meaning changes; another version never counts as current. */
  format: z.literal(1),
  builtAt: z.string(),
  /** Repository-relative path (with `/`) → SHA-256 of its content. */
  inputs: z.record(z.string(), z.string()),
});

export type BuildStamp = z.output<typeof stampSchema>;

export interface BuildLayout {
  /** The repository root: paths in the stamp are relative to it. */
  repositoryRoot: string;
  /** `packages/app`. */
  appDir: string;
  /** `packages/app/dist`. */
  distDir: string;
}

/**
 * Inputs that are no module of the bundle but change what it builds: the lockfile (every
 * dependency in node_modules, which is never hashed file by file), the build's own config and
 * tooling, the workspace manifests (their `exports` decide how imports resolve), the TypeScript
 * config and the files copied from `public/`. Not the root package.json: its scripts do not
 * change the bundle, and a new dependency changes the lockfile.
 */
export function fixedBuildInputs(layout: BuildLayout): string[] {
  const { repositoryRoot, appDir } = layout;
  const workspaceManifests = ['packages', 'plugins'].flatMap(folder =>
    listFiles(join(repositoryRoot, folder), 1).filter(path => path.endsWith(`${sep}package.json`)),
  );
  return [
    join(repositoryRoot, 'package-lock.json'),
    join(repositoryRoot, 'tsconfig.json'),
    join(appDir, 'tsconfig.json'),
    join(appDir, 'vite.config.ts'),
    join(appDir, 'index.html'),
    ...listFiles(join(appDir, 'build'), 0).filter(path => !/\.test\.ts$/.test(path)),
    ...listFiles(join(appDir, 'public'), Infinity),
    ...workspaceManifests,
  ];
}

/**
 * The module ids Vite/Rolldown reported, reduced to the files that matter: real files of this
 * repository outside node_modules (dependencies count through the lockfile). Virtual modules
 * (`\0…`) and query suffixes (`?worker_file`, `?inline`) are dropped.
 */
export function sourceFilesOf(moduleIds: Iterable<string>, repositoryRoot: string): string[] {
  const files = new Set<string>();
  for (const id of moduleIds) {
    if (id.startsWith('\0')) continue;
    const path = id.replace(/[?#].*$/, '');
    if (!isAbsolute(path) || path.split(sep).includes('node_modules')) continue;
    if (relative(repositoryRoot, path).startsWith('..')) continue;
    files.add(path);
  }
  return [...files];
}

/** SHA-256 of each file, keyed by its repository-relative path; a missing file hashes as "missing". */
export async function hashInputs(
  repositoryRoot: string,
  paths: Iterable<string>,
): Promise<Record<string, string>> {
  const unique = [...new Set([...paths].map(path => resolve(repositoryRoot, path)))];
  const entries = await Promise.all(
    unique.map(async path => {
      const key = relative(repositoryRoot, path).split(sep).join('/');
      try {
        return [
          key,
          createHash('sha256')
            .update(await readFile(path))
            .digest('hex'),
        ] as const;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [key, 'missing'] as const;
        throw error;
      }
    }),
  );
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Writes the stamp for a build whose bundle was made from `moduleIds`. */
export async function writeBuildStamp(layout: BuildLayout, moduleIds: Iterable<string>) {
  const inputs = await hashInputs(layout.repositoryRoot, [
    ...fixedBuildInputs(layout),
    ...sourceFilesOf(moduleIds, layout.repositoryRoot),
  ]);
  const stamp: BuildStamp = { format: 1, builtAt: new Date().toISOString(), inputs };
  await writeFile(join(layout.distDir, buildStampName), `${JSON.stringify(stamp, null, 1)}\n`);
  return stamp;
}

export type BuildDecision =
  { build: false; builtAt: string; inputs: number } | { build: true; reason: string };

/**
 * Whether the frontend must be built: yes without a build or its stamp, or when any file the last
 * build read changed, disappeared, or a new fixed input (a new public file, a new workspace)
 * appeared. The reason names what changed, for the start-up log.
 */
export async function decideBuild(layout: BuildLayout): Promise<BuildDecision> {
  if (!existsSync(join(layout.distDir, 'index.html'))) {
    return { build: true, reason: 'no frontend build yet' };
  }
  let stamp: BuildStamp;
  try {
    const raw: unknown = JSON.parse(await readFile(join(layout.distDir, buildStampName), 'utf8'));
    const parsed = stampSchema.safeParse(raw);
    if (!parsed.success) return { build: true, reason: 'the build record is from another version' };
    stamp = parsed.data;
  } catch {
    return { build: true, reason: 'the last build left no record of its inputs' };
  }
  const current = await hashInputs(layout.repositoryRoot, [
    ...Object.keys(stamp.inputs),
    ...fixedBuildInputs(layout),
  ]);
  const changed = Object.keys(current).filter(path => stamp.inputs[path] !== current[path]);
  if (changed.length > 0) {
    const named = changed.slice(0, 3).join(', ');
    const more = changed.length > 3 ? ` and ${changed.length - 3} more` : '';
    return { build: true, reason: `changed since the last build: ${named}${more}` };
  }
  return { build: false, builtAt: stamp.builtAt, inputs: Object.keys(stamp.inputs).length };
}

/** Files under `dir`, descending `depth` levels of folders (0: the folder's own files). */
function listFiles(dir: string, depth: number): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return depth > 0 ? listFiles(path, depth - 1) : [];
    return [path];
  });
}
