import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
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
import {
  browseStyles,
  filePage,
  folderPage,
  type BrowseContext,
  type BrowseEntry,
} from './browsePages';

/** The CSP source of the browse pages' one style block. */
const stylesHash = `sha256-${createHash('sha256').update(browseStyles).digest('base64')}`;

/** A browser asks for HTML first; git, curl and fetch() accept anything, and get text. */
function wantsHtml(req: Request): boolean {
  return req.accepts(['text/plain', 'text/html']) === 'text/html';
}

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
 * refused with 403, plus views for people following the links the portal generates: the
 * repository page, `…/tree/<ref>/<path>/` (a folder's files) and `…/blob/<ref>/<path>` (a file;
 * raw for tools, a page for browsers), as HTML for a browser and text for tools. Mounted by
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

  /**
   * Splits `<ref>/<path…>` (a ref may contain slashes: the longest branch or tag wins, branches
   * over tags of the same name, as on the forges; or a full commit id) into the revision and the
   * path. No segments: the default branch.
   */
  const resolveRef = async (found: RepositoryPath, segments: string[]) => {
    if (segments.length === 0) {
      const head = await git(found.path, ['symbolic-ref', '--short', 'HEAD']).then(
        out => out.toString().trim(),
        () => 'HEAD',
      );
      return { ref: head, revision: head, path: [] as string[] };
    }
    const [first, ...others] = segments;
    if (first !== undefined && /^[0-9a-f]{40}$/.test(first)) {
      return { ref: first, revision: first, path: others };
    }
    const listed = (
      await git(found.path, ['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags'])
    )
      .toString()
      .split('\n')
      .filter(Boolean);
    const refs = new Map<string, string>();
    for (const prefix of ['refs/tags/', 'refs/heads/']) {
      for (const ref of listed) if (ref.startsWith(prefix)) refs.set(ref.slice(prefix.length), ref);
    }
    for (let length = segments.length; length >= 1; length--) {
      const name = segments.slice(0, length).join('/');
      const revision = refs.get(name);
      if (revision) return { ref: name, revision, path: segments.slice(length) };
    }
    throw new NotFoundError(`No such branch, tag or commit in ${found.owner}/${found.repo}`);
  };

  const objectType = (found: RepositoryPath, spec: string) =>
    git(found.path, ['cat-file', '-t', spec]).then(
      out => out.toString().trim(),
      () => undefined,
    );

  /** Links of the browse views: path-absolute, under the repository's public URL. */
  const browseContext = (
    folder: FolderPublishTarget,
    found: RepositoryPath,
    ref: string,
    path: string[],
  ): BrowseContext & { blobHref: (path: string[]) => string } => {
    const cloneUrl = folder.remoteUrlOf(found.owner, found.repo);
    const repositoryUrl = new URL(cloneUrl).pathname;
    const encode = (segments: string[]) => segments.map(encodeURIComponent).join('/');
    const refPath = encode(ref.split('/'));
    return {
      repository: `${found.owner}/${found.repo}`,
      repositoryUrl,
      cloneUrl,
      ref,
      path,
      treeHref: segments =>
        `${repositoryUrl}/tree/${refPath}/${segments.length ? `${encode(segments)}/` : ''}`,
      blobHref: segments => `${repositoryUrl}/blob/${refPath}/${encode(segments)}`,
    };
  };

  const sendHtml = (res: Response, html: string) => {
    res
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'x-content-type-options': 'nosniff',
        'content-security-policy': `default-src 'none'; style-src '${stylesHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        'cache-control': 'no-cache',
      })
      .send(html);
  };

  /**
   * `…/blob/<ref>/<path>`: the raw file for git tools and scripts (`curl`, `fetch`), a page
   * showing it for a browser (it asks for HTML first); `?raw` always answers the raw file.
   */
  const serveBlob = async (
    req: Request,
    res: Response,
    folder: FolderPublishTarget,
    found: RepositoryPath,
  ) => {
    const { ref, revision, path } = await resolveRef(found, found.rest.slice(1));
    if (path.length === 0) throw new NotFoundError('The URL names no file');
    const spec = `${revision}:${path.join('/')}`;
    const type = await objectType(found, spec);
    const context = browseContext(folder, found, ref, path);
    if (type === 'tree' && wantsHtml(req)) {
      // A folder under a blob URL: where it lives in the forge's layout.
      res.redirect(302, context.treeHref(path));
      return;
    }
    if (type !== 'blob') {
      throw new NotFoundError(`${path.join('/')} is not a file in ${found.owner}/${found.repo}`);
    }
    const size = Number((await git(found.path, ['cat-file', '-s', spec])).toString().trim());
    const raw = req.query.raw !== undefined || !wantsHtml(req);
    const rawHref = `${context.blobHref(path)}?raw`;
    if (size > maxBlobBytes) {
      if (!raw) {
        sendHtml(res, filePage(context, { content: Buffer.alloc(0), rawHref, tooLarge: size }));
        return;
      }
      res
        .status(413)
        .type('text/plain')
        .send(`The file is larger than ${maxBlobBytes} bytes; clone the repository to read it\n`);
      return;
    }
    const content = await git(found.path, ['cat-file', 'blob', spec], maxBlobBytes + 1);
    if (!raw) {
      sendHtml(res, filePage(context, { content, rawHref }));
      return;
    }
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

  /** `…/tree/<ref>/<path>/`: the folder's sub-folders and files, each linked. */
  const serveTree = async (res: Response, folder: FolderPublishTarget, found: RepositoryPath) => {
    const { ref, revision, path } = await resolveRef(found, found.rest.slice(1));
    const spec = `${revision}:${path.join('/')}`;
    if ((await objectType(found, spec)) !== 'tree') {
      throw new NotFoundError(
        `${path.length ? path.join('/') : 'The root'} is not a folder in ${found.owner}/${found.repo} at ${ref}`,
      );
    }
    sendHtml(res, await folderView(folder, found, ref, spec, path));
  };

  const folderView = async (
    folder: FolderPublishTarget,
    found: RepositoryPath,
    ref: string,
    spec: string,
    path: string[],
  ) => {
    const context = browseContext(folder, found, ref, path);
    const output = await git(found.path, ['ls-tree', '-z', spec]);
    const entries: BrowseEntry[] = [];
    for (const record of output.toString('utf8').split('\0')) {
      const match = /^\d+ (\w+) [0-9a-f]+\t([\s\S]+)$/.exec(record);
      if (!match?.[1] || !match[2]) continue;
      const [, type, name] = match;
      if (type !== 'tree' && type !== 'blob') continue;
      entries.push({
        name,
        kind: type === 'tree' ? 'folder' : 'file',
        href:
          type === 'tree' ? context.treeHref([...path, name]) : context.blobHref([...path, name]),
      });
    }
    return folderPage(context, entries.slice(0, maxListedFiles));
  };

  const serveRepositoryPage = async (
    req: Request,
    res: Response,
    folder: FolderPublishTarget,
    found: RepositoryPath,
  ) => {
    const cloneUrl = folder.remoteUrlOf(found.owner, found.repo);
    const branch = await git(found.path, ['symbolic-ref', '--short', 'HEAD']).then(
      out => out.toString().trim(),
      () => 'HEAD',
    );
    if (wantsHtml(req) && (await objectType(found, `${branch}:`)) === 'tree') {
      sendHtml(res, await folderView(folder, found, branch, `${branch}:`, []));
      return;
    }
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
        await serveBlob(req, res, target, found);
        return;
      }
      if (first === 'tree' && reading) {
        await serveTree(res, target, found);
        return;
      }
      if (found.rest.length === 0 && reading) {
        await serveRepositoryPage(req, res, target, found);
        return;
      }
      throw new NotFoundError(`Not found in ${found.owner}/${found.repo}: ${action}`);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
