import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type TestGitServer } from '@callboard/test-utils';
import { ConflictError, NotAllowedError, NotFoundError } from '@callboard/plugin-api/common';
import type { ScaffolderConfig } from '../../config/scaffolderConfig';
import { createPublishTargets } from '../../publish/createPublishTargets';
import { createPublishGitAction } from './publishGitAction';
import { scrub } from '@callboard/git';
import { git, runAction, writeFiles } from '../../publish/test/publishTestKit';

const token = 'tok-3f9a1c-very-secret';
const basicOf = (username: string, password: string) =>
  Buffer.from(`${username}:${password}`).toString('base64');

describe('publish:git to a git remote over smart HTTP', () => {
  let root: string;
  let home: string;
  let workspace: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'callboard-publish-remote-'));
    home = join(root, 'home');
    workspace = join(root, 'workspace');
    await mkdir(home);
    await writeFiles(workspace, {
      'README.md': '# inventory\n',
      'catalog-info.yaml': 'kind: Component\n',
    });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const actionFor = (targets: ScaffolderConfig['targets'], integrations: unknown) =>
    createPublishGitAction({
      targets: createPublishTargets({
        targets,
        resolvePath: path => join(root, path),
        baseUrl: 'http://localhost:7007',
        integrations,
      }),
      defaultAuthor: { name: 'Callboard', email: 'scaffolder@callboard.invalid' },
      defaultCommitMessage: 'Initial commit',
    });

  /** The test server's repositories start with a commit on `seed`; `main` is the first push. */
  const seededRepository = (server: TestGitServer, name: string) =>
    server.createRepository(name, {}, { defaultBranch: 'seed' });

  const publish = (action: ReturnType<typeof actionFor>, input: Record<string, unknown>) =>
    runAction(action, input, { workspacePath: workspace, tempRoot: root });

  it('pushes without credentials to a remote that needs none', async () => {
    const server = await startGitServer();
    try {
      const repository = await seededRepository(server, 'acme/inventory.git');
      const action = actionFor(
        [{ type: 'git', host: 'git.example.com', remote: `${server.url}/{owner}/{repo}.git` }],
        undefined,
      );
      const { output } = await publish(action, {
        repoUrl: 'git.example.com?owner=acme&repo=inventory',
        gitAuthorName: 'Bob Lindqvist',
        gitAuthorEmail: 'bob@example.com',
      });
      expect(output).toEqual({
        remoteUrl: repository.cloneUrl,
        repoContentsUrl: `${server.url}/acme/inventory/blob/main`,
        commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      });
      const clone = join(root, 'no-auth');
      await git(root, home, 'clone', '--quiet', '--branch', 'main', repository.cloneUrl, clone);
      expect(await readFile(join(clone, 'README.md'), 'utf8')).toBe('# inventory\n');
      expect(await git(clone, home, 'log', '-1', '--format=%an <%ae>|%H')).toBe(
        `Bob Lindqvist <bob@example.com>|${String(output.commitHash)}`,
      );
      expect(server.requests.some(request => request.authorization !== undefined)).toBe(false);

      // The branch exists now: a second publish is a conflict, not a force push.
      const again = await publish(action, {
        repoUrl: 'git.example.com?owner=acme&repo=inventory',
      }).catch((error: unknown) => error);
      expect(again).toBeInstanceOf(ConflictError);
      expect((again as Error).message).toContain('already has a branch main');

      // Plain git cannot create repositories: a missing one is named as such.
      const missing = await publish(action, {
        repoUrl: 'git.example.com?owner=acme&repo=missing',
      }).catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect((missing as Error).message).toContain('does not exist');
    } finally {
      await server.close();
    }
  });

  it('sends Basic auth from integrations.git and integrations.github', async () => {
    for (const kind of ['git', 'github'] as const) {
      const username = kind === 'git' ? 'bot' : 'x-access-token';
      const server = await startGitServer({ auth: { username, password: token } });
      try {
        const integrations =
          kind === 'git'
            ? { git: [{ host: server.host, username, token }] }
            : { github: [{ host: server.host, token }] };
        const repository = await seededRepository(server, 'platform/events.git');
        const action = actionFor(
          [
            {
              type: 'git',
              host: 'git.corp',
              remote: `${server.url}/{owner}/{repo}.git`,
              browseUrl: 'https://git.corp/{owner}/{repo}/',
            },
          ],
          integrations,
        );
        const { output, logs } = await publish(action, {
          repoUrl: 'git.corp?owner=platform&repo=events',
        });
        expect(output.repoContentsUrl).toBe('https://git.corp/platform/events/blob/main');
        expect(
          server.requests.filter(request => request.path.includes('git-receive-pack')).length,
        ).toBeGreaterThan(0);
        expect(
          server.requests.every(
            request => request.authorization === `Basic ${basicOf(username, token)}`,
          ),
        ).toBe(true);
        expect(logs.join('\n')).not.toContain(token);
        const clone = join(root, `auth-${username}`);
        const authorized = repository.cloneUrl.replace('://', `://${username}:${token}@`);
        await git(root, home, 'clone', '--quiet', '--branch', 'main', authorized, clone);
        expect(await readFile(join(clone, 'catalog-info.yaml'), 'utf8')).toBe('kind: Component\n');
      } finally {
        await server.close();
      }
    }
  });

  it('never shows the token when the remote refuses it', async () => {
    const server = await startGitServer({ auth: { username: 'bot', password: 'the-right-one' } });
    try {
      await seededRepository(server, 'acme/refused.git');
      const action = actionFor(
        [{ type: 'git', host: 'git.corp', remote: `${server.url}/{owner}/{repo}.git` }],
        { git: [{ host: server.host, username: 'bot', token }] },
      );
      const error = await publish(action, { repoUrl: 'git.corp?owner=acme&repo=refused' }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      const message = (error as Error).message;
      expect(message).toContain(`${server.url}/acme/refused.git`);
      expect(message).toContain('integrations');
      for (const secret of [token, basicOf('bot', token), `bot:${token}`]) {
        expect(message).not.toContain(secret);
        expect(String((error as Error).stack)).not.toContain(secret);
      }
    } finally {
      await server.close();
    }
  });

  it("pushes with the step's token instead of the integration's, and never shows it", async () => {
    const userToken = 'gho-user-5b7e2d-secret';
    const server = await startGitServer({
      auth: { username: 'x-access-token', password: userToken },
    });
    try {
      const repository = await seededRepository(server, 'platform/ledger.git');
      const action = actionFor(
        [{ type: 'git', host: 'git.corp', remote: `${server.url}/{owner}/{repo}.git` }],
        { github: [{ host: server.host, token }] },
      );
      const { output, logs } = await publish(action, {
        repoUrl: 'git.corp?owner=platform&repo=ledger',
        token: userToken,
      });
      expect(output.remoteUrl).toBe(repository.cloneUrl);
      const pushes = server.requests.filter(request => request.path.includes('git-receive-pack'));
      expect(pushes.length).toBeGreaterThan(0);
      expect(
        server.requests.every(
          request => request.authorization === `Basic ${basicOf('x-access-token', userToken)}`,
        ),
      ).toBe(true);
      expect(logs.join('\n')).not.toContain(userToken);

      // A wrong token: refused, the message points at the step's token and shows none of it.
      await seededRepository(server, 'platform/refused.git');
      const refused = await publish(action, {
        repoUrl: 'git.corp?owner=platform&repo=refused',
        token: 'wrong-token-9c1f',
      }).catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(NotAllowedError);
      expect((refused as Error).message).toContain("check the step's token input");
      expect((refused as Error).message).not.toContain('wrong-token-9c1f');
      expect((refused as Error).message).not.toContain(
        basicOf('x-access-token', 'wrong-token-9c1f'),
      );
    } finally {
      await server.close();
    }
  });

  it('scrubs secrets, URL credentials and auth headers from any text', () => {
    expect(
      scrub(`token ${token} and ${basicOf('bot', token)}`, [token, basicOf('bot', token)]),
    ).toBe('token *** and ***');
    expect(scrub("fatal: unable to access 'https://bot:pw@git.corp/x/'")).toBe(
      "fatal: unable to access 'https://***@git.corp/x/'",
    );
    expect(scrub('Authorization: Basic Zm9vOmJhcg==')).toBe('Authorization: Basic ***');
  });
});

describe('git publish targets', () => {
  const targetsOf = (targets: ScaffolderConfig['targets'], integrations?: unknown) =>
    createPublishTargets({
      targets,
      resolvePath: path => join('/etc/callboard', path),
      baseUrl: 'http://localhost:7007',
      integrations,
    });
  const request = {
    owner: 'acme',
    repo: 'svc',
    defaultBranch: 'main',
    signal: AbortSignal.timeout(5_000),
  };

  it('pushes to ssh remotes with the configured key, and browses them over https', async () => {
    const [scp, url] = targetsOf([
      {
        type: 'git',
        host: 'github.com',
        remote: 'git@github.com:{owner}/{repo}.git',
        sshKeyFile: 'keys/id ed',
      },
      { type: 'git', host: 'git.corp', remote: 'ssh://git@git.corp:2222/srv/{owner}/{repo}.git' },
    ]);
    expect(await scp!.prepare(request)).toEqual({
      pushUrl: 'git@github.com:acme/svc.git',
      pushConfig: [
        [
          'core.sshCommand',
          "ssh -i '/etc/callboard/keys/id ed' -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new -o BatchMode=yes",
        ],
      ],
      secrets: [],
      remoteUrl: 'git@github.com:acme/svc.git',
      repoContentsUrl: 'https://github.com/acme/svc/blob/main',
    });
    const prepared = await url!.prepare(request);
    expect(prepared.pushUrl).toBe('ssh://git@git.corp:2222/srv/acme/svc.git');
    expect(prepared.repoContentsUrl).toBe('https://git.corp/srv/acme/svc/blob/main');
  });

  it("sends a step's token with the user name the host's forge expects; never over ssh", async () => {
    const [gitlab, git, unknown, ssh] = targetsOf(
      [
        { type: 'git', host: 'gitlab', remote: 'https://gitlab.com/{owner}/{repo}.git' },
        { type: 'git', host: 'corp', remote: 'https://git.corp/{owner}/{repo}.git' },
        { type: 'git', host: 'other', remote: 'https://git.other/{owner}/{repo}.git' },
        { type: 'git', host: 'ssh', remote: 'git@git.corp:{owner}/{repo}.git' },
      ],
      { gitlab: [{ token: 'glpat-1' }], git: [{ host: 'git.corp', username: 'u', token: 't' }] },
    );
    const withToken = { ...request, token: 'step-token' };
    expect((await gitlab!.prepare(withToken)).pushConfig).toEqual([
      ['http.extraHeader', `Authorization: Basic ${basicOf('oauth2', 'step-token')}`],
    ]);
    expect((await git!.prepare(withToken)).pushConfig).toEqual([
      ['http.extraHeader', `Authorization: Basic ${basicOf('u', 'step-token')}`],
    ]);
    const other = await unknown!.prepare(withToken);
    expect(other.pushConfig).toEqual([
      ['http.extraHeader', `Authorization: Basic ${basicOf('x-access-token', 'step-token')}`],
    ]);
    expect(other.secrets).toContain('step-token');
    await expect(ssh!.prepare(withToken)).rejects.toThrow(
      'publish:git was given a token, but ssh pushes over ssh with the configured key; a token only applies to http(s) remotes',
    );
  });

  it('takes GitLab tokens as oauth2 and matches hosts with their port', async () => {
    const [gitlab, other] = targetsOf(
      [
        { type: 'git', host: 'gitlab.com', remote: 'https://gitlab.com/{owner}/{repo}.git' },
        { type: 'git', host: 'git.corp', remote: 'https://git.corp:8443/{repo}.git' },
      ],
      { gitlab: [{ token: 'glpat-1' }], git: [{ host: 'git.corp', username: 'u', token: 't' }] },
    );
    const prepared = await gitlab!.prepare(request);
    expect(prepared.pushConfig).toEqual([
      ['http.extraHeader', `Authorization: Basic ${basicOf('oauth2', 'glpat-1')}`],
    ]);
    expect(prepared.secrets).toContain('glpat-1');
    // integrations.git names git.corp without a port: it does not cover port 8443.
    expect((await other!.prepare(request)).pushConfig).toEqual([]);
  });

  it('refuses bad configurations when the targets are created', () => {
    expect(() => targetsOf([{ type: 'git', host: 'a', remote: 'file:///srv/{repo}.git' }])).toThrow(
      'scaffolder.targets[0]: the remote "file:///srv/{repo}.git" is neither',
    );
    expect(() =>
      targetsOf([{ type: 'git', host: 'a', remote: 'https://bot:pw@git.corp/{repo}.git' }]),
    ).toThrow('contains credentials');
    expect(() =>
      targetsOf([
        { type: 'folder', host: 'local', directory: 'a' },
        { type: 'git', host: 'local', remote: 'https://git.corp/{repo}.git' },
      ]),
    ).toThrow('scaffolder.targets[1]: the host "local" is already used');
    expect(() =>
      targetsOf([
        { type: 'folder', host: 'local', directory: 'a' },
        { type: 'folder', host: 'other', directory: 'b' },
      ]),
    ).toThrow('only one folder target');
  });
});
