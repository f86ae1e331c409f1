import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type RepositoryReader } from '@callboard/plugin-api/backend';
import { NotAllowedError } from '@callboard/plugin-api/common';
import {
  startGitServer,
  startTestServer,
  type TestGitServer,
  type TestServer,
} from '@callboard/test-utils';

const readers: Record<string, RepositoryReader> = {};
const probe = (id: string) =>
  definePlugin<undefined, object, void>({
    id,
    setup(context) {
      readers[id] = context.reader;
    },
  });

/** Every plugin reads repositories through the one reader the backend configured. */
describe('the reader in the plugin context', () => {
  let git: TestGitServer;
  let server: TestServer;

  beforeAll(async () => {
    git = await startGitServer();
    server = await startTestServer({
      plugins: async start => {
        await start(probe('first'), {});
        await start(probe('second'), {});
      },
      config: {
        integrations: { git: [{ host: git.host }] },
        backend: { reading: { allow: [{ host: git.host }] } },
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await git?.close();
  });

  it('is one reader, shared, with the backend’s allow-list and integrations', async () => {
    expect(readers.first).toBeDefined();
    expect(readers.second).toBe(readers.first);
    const repo = await git.createRepository('shared/reader.git', { 'README.md': '# shared\n' });
    const file = await readers.first!.readFile({
      type: 'url',
      target: repo.blobUrl('README.md'),
    });
    expect(file.content.toString('utf8')).toBe('# shared\n');
    await expect(
      readers.second!.assertReadable({ type: 'url', target: 'http://127.0.0.1:1/x.yaml' }),
    ).rejects.toBeInstanceOf(NotAllowedError);
  });
});
