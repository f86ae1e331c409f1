import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { InputError, NotAllowedError, NotFoundError } from '@callboard/plugin-api/common';
import type { PublishTarget } from './PublishTarget';
import { isFolderPublishTarget, type FolderPublishTarget } from './folderTarget';
import { checkRepositoryName } from './repositoryNames';
import { runCgi } from './runCgi';
import { runGit } from '@callboard/git';

export interface GitRepositoryRouterOptions {
  /** The publish targets; the folder target among them is served (there is at most one). */
  targets: readonly PublishTarget[];
  logger: Logger;
}

const execFileAsync = promisify(execFile);

/** A file larger than this is not answered by the blob view. */
const maxBlobBytes = 10 * 1024 * 1024;
/** The repository page lists at most this many files. */
const maxListedFiles = 500;

/**
 * Configuration of every `git http-backend` run: never receive (whatever a repository's own
 * config says), no dumb-protocol file access, no hooks; partial clones and fetching a commit by
 * id (what the catalog's reader does) allowed.
 */
const backendConfig: Array<[string, string]> = [
  ['http.receivepack', 'false'],
  ['http.getanyfile', 'false'],
  ['http.uploadpack', 'true'],
  ['uploadpack.allowFilter', 'true'],
  ['uploadpack.allowReachableSHA1InWant', 'true'],
  ['core.hooksPath', '/dev/null'],
];

let backendProgram: Promise<string> | undefined;

/** `git-http-backend` lives in git's exec path (`/usr/lib/git-core` on Debian). */
function httpBackendProgram(): Promise<string> {
  backendProgram ??= execFileAsync('git', ['--exec-path']).then(
    ({ stdout }) => join(stdout.trim(), 'git-http-backend'),
    error => {
      backendProgram = undefined;
      throw error;
    },
  );
  return backendProgram;
}

interface RepositoryPath {
  owner: string;
  repo: string;
  /** `<directory>/<owner>/<repo>.git` */
  path: string;
  /** Decoded segments after `<repo>.git`. */
  rest: string[];
}

/**
 * Splits `/<owner>/<repo>.git/<rest>` and checks every segment: names as `publish:git` accepts
 * them, and no `.`, `..`, empty, NUL or encoded-slash segments anywhere, so no request names a
 * file outside a repository of the folder.
 */
function parseRepositoryPath(target: FolderPublishTarget, requestPath: string): RepositoryPath {
  const raw = requestPath.split('/').slice(1);
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  const segments = raw.map(segment => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new InputError('Malformed percent-encoding in the repository path');
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) {
      throw new InputError(
        'The repository path must not contain empty, ".", ".." or slash segments',
      );
    }
    return decoded;
  });
  const [owner, repoSegment, ...rest] = segments;
  if (!owner || !repoSegment?.endsWith('.git')) {
    throw new NotFoundError('Repositories are served at <owner>/<repo>.git');
  }
  const repo = repoSegment.slice(0, -'.git'.length);
  checkRepositoryName('owner', owner);
  checkRepositoryName('repo', repo);
  return { owner, repo, path: join(target.directory, owner, `${repo}.git`), rest };
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    found => found.isDirectory(),
    () => false,
  );
}

function readOnly(target: FolderPublishTarget): NotAllowedError {
  return new NotAllowedError(
    `The repositories of ${target.host} are read-only over HTTP; the scaffolder's publish:git is the only writer`,
  );
}

/**
 * Serves the folder target's bare repositories READ-ONLY at `<mount>/<owner>/<repo>.git`:
 * `git clone` and the catalog's git reader over smart HTTP (`git http-backend` as CGI), pushes
 * refused with 403, plus two small views for people following output links: the repository
 * page (clone command and files) and `…/blob/<ref>/<path>` answering the raw file. Mounted by
 * the plugin at `/git`, i.e. `/api/scaffolder/git`. With no folder target it answers 404.
 */
export function createGitRepositoryRouter(options: GitRepositoryRouterOptions): Router {
  const { logger } = options;
  const target = options.targets.find(isFolderPublishTarget);
  const router = express.Router();

  const git = (repository: string, args: string[], maxOutputBytes?: number) =>
    runGit({
      args: [`--git-dir=${repository}`, ...args],
      cwd: repository,
      home: tmpdir(),
      signal: AbortSignal.timeout(30_000),
      ...(maxOutputBytes === undefined ? {} : { maxOutputBytes }),
    });

  const serveSmartHttp = async (
    req: Request,
    res: Response,
    folder: FolderPublishTarget,
    found: RepositoryPath,
    query: string,
  ) => {
    const gitProtocol = req.get('git-protocol');
    const config = backendConfig;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: tmpdir(),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_PROJECT_ROOT: folder.directory,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${found.owner}/${found.repo}.git/${found.rest.join('/')}`,
      REQUEST_METHOD: req.method,
      QUERY_STRING: query,
      CONTENT_TYPE: req.get('content-type') ?? '',
      REMOTE_ADDR: req.socket.remoteAddress ?? '',
      GIT_CONFIG_COUNT: String(config.length),
    };
    // Absent, not empty: without CONTENT_LENGTH (a chunked request) the backend reads to EOF.
    const length = req.get('content-length');
    if (length !== undefined && /^\d+$/.test(length)) env.CONTENT_LENGTH = length;
    const encoding = req.get('content-encoding');
    if (encoding !== undefined) env.HTTP_CONTENT_ENCODING = encoding;
    if (gitProtocol !== undefined && /^[\w.=:-]+$/.test(gitProtocol)) {
      env.GIT_PROTOCOL = gitProtocol;
    }
    config.forEach(([key, value], index) => {
      env[`GIT_CONFIG_KEY_${index}`] = key;
      env[`GIT_CONFIG_VALUE_${index}`] = value;
    });
    await runCgi({ program: await httpBackendProgram(), env, req, res, logger });
  };

  const serveBlob = async (res: Response, found: RepositoryPath) => {
    const listed = (
      await git(found.path, ['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags'])
    )
      .toString()
      .split('\n')
      .filter(Boolean);
    const refs = new Map<string, string>();
    // Branches win over tags of the same name, as in the forges' blob URLs.
    for (const prefix of ['refs/tags/', 'refs/heads/']) {
      for (const ref of listed) if (ref.startsWith(prefix)) refs.set(ref.slice(prefix.length), ref);
    }
    const [first, ...others] = found.rest.slice(1);
    let revision: string | undefined;
    let pathSegments: string[] = [];
    if (first !== undefined && /^[0-9a-f]{40}$/.test(first)) {
      revision = first;
      pathSegments = others;
    } else {
      for (let length = found.rest.length - 2; length >= 1 && !revision; length--) {
        const name = found.rest.slice(1, 1 + length).join('/');
        revision = refs.get(name);
        pathSegments = found.rest.slice(1 + length);
      }
    }
    if (!revision)
      throw new NotFoundError(`No such branch, tag or commit in ${found.owner}/${found.repo}`);
    if (pathSegments.length === 0) throw new NotFoundError('The URL names no file');
    const spec = `${revision}:${pathSegments.join('/')}`;
    const type = await git(found.path, ['cat-file', '-t', spec]).then(
      out => out.toString().trim(),
      () => undefined,
    );
    if (type !== 'blob') {
      throw new NotFoundError(
        `${pathSegments.join('/')} is not a file in ${found.owner}/${found.repo}`,
      );
    }
    const size = Number((await git(found.path, ['cat-file', '-s', spec])).toString().trim());
    if (size > maxBlobBytes) {
      res
        .status(413)
        .type('text/plain')
        .send(`The file is larger than ${maxBlobBytes} bytes; clone the repository to read it\n`);
      return;
    }
    const content = await git(found.path, ['cat-file', 'blob', spec], maxBlobBytes + 1);
    res
      .status(200)
      .set({
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'no-cache',
      })
      .send(content);
  };

  const serveRepositoryPage = async (
    res: Response,
    folder: FolderPublishTarget,
    found: RepositoryPath,
  ) => {
    const cloneUrl = folder.remoteUrlOf(found.owner, found.repo);
    const branch = await git(found.path, ['symbolic-ref', '--short', 'HEAD']).then(
      out => out.toString().trim(),
      () => 'HEAD',
    );
    const files = await git(found.path, ['ls-tree', '-r', '--name-only', 'HEAD']).then(
      out => out.toString().split('\n').filter(Boolean),
      () => [],
    );
    const listing =
      files.length === 0
        ? ['(no commits yet)']
        : [
            ...files.slice(0, maxListedFiles).map(file => `  ${file}`),
            ...(files.length > maxListedFiles
              ? [`  … and ${files.length - maxListedFiles} more`]
              : []),
          ];
    res
      .status(200)
      .set({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' })
      .type('text/plain')
      .send(
        [
          `${found.owner}/${found.repo}: a repository published by Callboard's scaffolder.`,
          '',
          `  git clone ${cloneUrl}`,
          '',
          `Files on ${branch}:`,
          ...listing,
          '',
        ].join('\n'),
      );
  };

  router.use(async (req, res, next) => {
    try {
      if (!target) throw new NotFoundError('No folder publish target is configured');
      const found = parseRepositoryPath(target, req.path);
      const query = req.originalUrl.includes('?')
        ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1)
        : '';
      const service = new URLSearchParams(query).get('service');
      const [first] = found.rest;
      const action = found.rest.join('/');
      const reading = req.method === 'GET' || req.method === 'HEAD';

      if (action === 'git-receive-pack' || service === 'git-receive-pack') {
        throw readOnly(target);
      }
      if (!(await isDirectory(found.path))) {
        throw new NotFoundError(`No repository ${found.owner}/${found.repo} on ${target.host}`);
      }
      if (action === 'info/refs' && req.method === 'GET') {
        if (service !== 'git-upload-pack') {
          throw new NotAllowedError('Only the smart HTTP protocol is served (git 1.6.6 or later)');
        }
        await serveSmartHttp(req, res, target, found, query);
        return;
      }
      if (action === 'git-upload-pack' && req.method === 'POST') {
        await serveSmartHttp(req, res, target, found, query);
        return;
      }
      if (first === 'blob' && reading) {
        await serveBlob(res, found);
        return;
      }
      if (found.rest.length === 0 && reading) {
        await serveRepositoryPage(res, target, found);
        return;
      }
      throw new NotFoundError(`Not found in ${found.owner}/${found.repo}: ${action}`);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
