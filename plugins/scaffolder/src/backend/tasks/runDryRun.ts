import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { DryRunResponse, TaskSpec } from '../../common';
import type { AnyActionDefinition } from '../actions/types';
import type { ScaffolderReader } from '../ScaffolderDeps';
import type { DiskBudget } from '../workspace/workspaceQuota';
import type { TemplateRenderer } from '../templating/TemplateRenderer';
import { resolveSafeChildPath } from '../workspace/resolveSafeChildPath';
import { createRunDirectory } from './runDirectory';
import { runWorkflow } from './runWorkflow';
import { createSecretMasker, secretValues } from './secretMasker';
import { describeForUser } from '@callboard/plugin-api/common';

/** The workspace a dry run answers with is bounded: files beyond these are not returned. */
const maxReturnedFiles = 1000;
const maxReturnedBytes = 20 * 1024 * 1024;

/**
 * `POST /v2/dry-run`: runs a template given in the request against the files given with it
 * (they stand in for the template's folder, so `./skeleton` resolves among them), skipping every
 * action that could touch anything outside the workspace, and answers with the log, the
 * resulting workspace and the output. Nothing is stored.
 */
export async function runDryRun(options: {
  spec: (baseUrl: string) => TaskSpec;
  directoryContents: Array<{ path: string; base64Content: string }>;
  secrets: Record<string, string>;
  environment: { parameters: Record<string, unknown>; secrets: Record<string, string> };
  actions: ReadonlyMap<string, AnyActionDefinition>;
  renderer: TemplateRenderer;
  reader: ScaffolderReader;
  workingDirectory?: string;
  diskBudget?: DiskBudget;
  signal: AbortSignal;
}): Promise<DryRunResponse> {
  const directory = await createRunDirectory(
    options.workingDirectory,
    'callboard-dry-run-',
    options.diskBudget,
  );
  try {
    const templateDir = join(directory.root, 'template');
    const { workspacePath } = directory;
    await mkdir(templateDir);
    for (const file of options.directoryContents) {
      const target = resolveSafeChildPath(templateDir, file.path);
      const content = Buffer.from(file.base64Content, 'base64');
      directory.quota.charge(content.length, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    const spec = options.spec(`file:${templateDir}${sep}`);
    const mask = createSecretMasker(
      [options.secrets, options.environment.secrets].flatMap(secretValues),
    );
    const log: DryRunResponse['log'] = [];
    const result = await runWorkflow({
      taskId: 'dry-run',
      spec,
      secrets: options.secrets,
      environment: options.environment,
      actions: options.actions,
      renderer: options.renderer,
      reader: options.reader,
      workspacePath,
      workspaceQuota: directory.quota,
      createTemporaryDirectory: directory.createTemporaryDirectory,
      signal: options.signal,
      isDryRun: true,
      log: body => log.push({ body: { ...body, message: mask(body.message) } }),
    }).catch(error => {
      log.push({ body: { message: mask(describeForUser(error)), status: 'failed' } });
      return { output: {} };
    });
    return {
      log,
      directoryContents: await collectFiles(workspacePath),
      output: result.output,
      steps: spec.steps.map(step => ({ id: step.id, name: step.name, action: step.action })),
    };
  } finally {
    await directory.remove();
  }
}

async function collectFiles(workspacePath: string): Promise<DryRunResponse['directoryContents']> {
  const files: DryRunResponse['directoryContents'] = [];
  let bytes = 0;
  const entries = await readdir(workspacePath, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || files.length >= maxReturnedFiles) continue;
    const path = join(entry.parentPath, entry.name);
    const content = await readFile(path);
    bytes += content.length;
    if (bytes > maxReturnedBytes) break;
    const mode = (await stat(path)).mode;
    files.push({
      path: relative(workspacePath, path).split(sep).join('/'),
      ...((mode & 0o111) !== 0 ? { executable: true } : {}),
      base64Content: content.toString('base64'),
    });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
