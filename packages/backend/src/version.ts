import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root: app-config.yaml, package.json and the built app live relative to it. */
export const repositoryRoot = resolve(import.meta.dirname, '../../..');

export function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(resolve(repositoryRoot, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
