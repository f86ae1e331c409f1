import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const httpBackend = '/usr/lib/git-core/git-http-backend';

/** Identity and settings for the git commands the test server itself runs. */
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Callboard Tests',
  GIT_AUTHOR_EMAIL: 'tests@callboard.invalid',
  GIT_COMMITTER_NAME: 'Callboard Tests',
  GIT_COMMITTER_EMAIL: 'tests@callboard.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: gitEnv,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}

export type RepositoryFiles = Record<string, string | Buffer | null>;

export interface TestRepository {
  /** The repository's path on the server, e.g. `acme/payments.git`. */
  name: string;
  /** What `git clone` takes, e.g. `http://127.0.0.1:4321/acme/payments.git`. */
  cloneUrl: string;
  /** Commits files (null deletes one) on a branch (default: the default branch) and returns the commit id. */
  commit(files: RepositoryFiles, options?: { branch?: string; message?: string }): Promise<string>;
  /**
   * Tags a commit (default: the tip of the default branch) and pushes the tag; with a `message`
   * the tag is annotated. Returns the tagged commit id.
   */
  tag(name: string, options?: { ref?: string; message?: string }): Promise<string>;
  /** A forge-style browse URL: `<cloneUrl>/blob/<ref>/<path>`. */
  blobUrl(path: string, ref?: string): string;
  /** `<cloneUrl>/tree/<ref>/<path>`. */
  treeUrl(path: string, ref?: string): string;
}

export interface TestGitServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>`, for `integrations` and `backend.reading.allow`. */
  host: string;
  /** Creates a repository at `<url>/<name>` with these files committed on `defaultBranch` (default `main`). */
  createRepository(
    name: string,
    files: RepositoryFiles,
    options?: { defaultBranch?: string },
  ): Promise<TestRepository>;
  /** Every request the server received (method and path), to assert on caching and fetches. */
  requests: Array<{ method: string; path: string; authorization?: string }>;
  close(): Promise<void>;
}

export interface GitServerOptions {
  /** Require HTTP Basic auth with these credentials (401 otherwise). */
  auth?: { username: string; password: string };
  /** Map a request path before serving it (emulate a forge's URL layout). */
  rewritePath?: (path: string) => string;
}

/**
 * A real git server for tests: bare repositories served over smart HTTP by `git http-backend`
 * on loopback. Readers clone from it exactly as from a forge.
 */
export async function startGitServer(options: GitServerOptions = {}): Promise<TestGitServer> {
  const root = mkdtempSync(join(tmpdir(), 'callboard-git-server-'));
  const servedRoot = join(root, 'served');
  const workRoot = join(root, 'work');
  mkdirSync(servedRoot);
  mkdirSync(workRoot);
  const requests: TestGitServer['requests'] = [];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      authorization: req.headers.authorization,
    });
    if (options.auth && !isAuthorized(req, options.auth)) {
      res
        .writeHead(401, { 'www-authenticate': 'Basic realm="test"' })
        .end('authentication required\n');
      return;
    }
    serveCgi(
      req,
      res,
      servedRoot,
      options.rewritePath ? options.rewritePath(url.pathname) : url.pathname,
      url.search.slice(1),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    host: `127.0.0.1:${port}`,
    requests,
    async createRepository(name, files, repoOptions = {}) {
      const defaultBranch = repoOptions.defaultBranch ?? 'main';
      const served = join(servedRoot, name);
      const work = join(workRoot, name);
      mkdirSync(served, { recursive: true });
      mkdirSync(work, { recursive: true });
      await git(served, 'init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`);
      await git(served, 'config', 'http.receivepack', 'true');
      await git(served, 'config', 'uploadpack.allowFilter', 'true');
      await git(work, 'init', '--quiet', `--initial-branch=${defaultBranch}`);
      await git(work, 'remote', 'add', 'origin', served);
      const repository: TestRepository = {
        name,
        cloneUrl: `${baseUrl}/${name}`,
        async commit(changes, commitOptions = {}) {
          const branch = commitOptions.branch ?? defaultBranch;
          const branches = await git(work, 'branch', '--list', branch);
          const hasCommits =
            (await git(work, 'rev-parse', '--verify', '--quiet', 'HEAD').catch(() => '')) !== '';
          if (hasCommits) {
            await git(work, 'checkout', '--quiet', ...(branches ? [branch] : ['-b', branch]));
          } else if (branch !== defaultBranch) {
            await git(work, 'checkout', '--quiet', '-b', branch);
          }
          for (const [path, content] of Object.entries(changes)) {
            const full = join(work, path);
            if (content === null) {
              rmSync(full, { force: true });
            } else {
              mkdirSync(dirname(full), { recursive: true });
              writeFileSync(full, content);
            }
          }
          await git(work, 'add', '--all');
          await git(
            work,
            'commit',
            '--quiet',
            '--allow-empty',
            '-m',
            commitOptions.message ?? 'update',
          );
          await git(work, 'push', '--quiet', '--force', 'origin', `HEAD:refs/heads/${branch}`);
          return git(work, 'rev-parse', 'HEAD');
        },
        async tag(tagName, tagOptions = {}) {
          const target = tagOptions.ref ?? defaultBranch;
          const annotation = tagOptions.message ? ['-a', '-m', tagOptions.message] : [];
          await git(work, 'tag', '--force', ...annotation, tagName, target);
          await git(work, 'push', '--quiet', '--force', 'origin', `refs/tags/${tagName}`);
          return git(work, 'rev-parse', `${target}^{commit}`);
        },
        blobUrl: (path, ref = defaultBranch) => `${baseUrl}/${name}/blob/${ref}/${path}`,
        treeUrl: (path, ref = defaultBranch) => `${baseUrl}/${name}/tree/${ref}/${path}`,
      };
      await repository.commit(files, { message: 'initial commit' });
      return repository;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function isAuthorized(req: IncomingMessage, auth: { username: string; password: string }): boolean {
  const header = req.headers.authorization ?? '';
  const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  return header === expected;
}

/** Runs git-http-backend as a CGI program for one request. */
function serveCgi(
  req: IncomingMessage,
  res: ServerResponse,
  projectRoot: string,
  pathInfo: string,
  query: string,
): void {
  const child = spawn(httpBackend, [], {
    env: {
      ...gitEnv,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(pathInfo),
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: query,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      CONTENT_LENGTH: req.headers['content-length'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: (req.headers['git-protocol'] as string | undefined) ?? '',
      REMOTE_USER: 'tests',
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  req.pipe(child.stdin);
  let headerBuffer = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    headerBuffer = Buffer.concat([headerBuffer, chunk]);
    const end = headerBuffer.indexOf('\r\n\r\n');
    if (end === -1) return;
    headersDone = true;
    let status = 200;
    for (const line of headerBuffer.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') {
        status = parseInt(value, 10);
      } else {
        res.setHeader(name, value);
      }
    }
    res.writeHead(status);
    res.write(headerBuffer.subarray(end + 4));
  });
  child.stdout.on('end', () => res.end());
  child.on('error', error => {
    if (!res.headersSent) res.writeHead(500);
    res.end(String(error));
  });
}
