import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './ConfigError';
import { createRootConfig } from './createRootConfig';
import { loadConfig } from './loadConfig';

let root: string;

function write(name: string, text: string): string {
  const path = join(root, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'callboard-config-'));
});

describe('loadConfig', () => {
  it('layers app-config.yaml, app-config.local.yaml and --config files: objects merge, arrays replace', () => {
    write(
      'app-config.yaml',
      'app:\n  title: Base\n  list: [a, b]\nbackend:\n  listen:\n    port: 7007\n    host: 127.0.0.1\n',
    );
    write('app-config.local.yaml', 'app:\n  list: [c]\nbackend:\n  listen:\n    port: 7100\n');
    write('extra/more.yaml', 'app:\n  title: Extra\n');
    const config = createRootConfig(
      loadConfig({ rootDir: root, configFiles: ['extra/more.yaml'], cwd: root, env: {} }),
    );
    expect(config.get('app.title')).toBe('Extra');
    expect(config.get('app.list')).toEqual(['c']);
    expect(config.get('backend.listen')).toEqual({ port: 7100, host: '127.0.0.1' });
  });

  it('skips app-config.local.yaml when it is absent', () => {
    write('app-config.yaml', 'app:\n  title: Only\n');
    const loaded = loadConfig({ rootDir: root, env: {} });
    expect(loaded.sources.map(s => s.file)).toEqual([join(root, 'app-config.yaml')]);
  });

  it('removes a key set to null by a later file', () => {
    write('app-config.yaml', 'app:\n  title: Base\n  sub: { a: 1 }\n');
    write('app-config.local.yaml', 'app:\n  sub: null\n');
    expect(createRootConfig(loadConfig({ rootDir: root, env: {} })).get('app')).toEqual({
      title: 'Base',
    });
  });

  it('substitutes ${VAR}, ${VAR:-fallback} and keeps $${escapes}', () => {
    write(
      'app-config.yaml',
      [
        'a: ${HOST}:${PORT}',
        'b: ${MISSING:-fallback}',
        'c: $${NOT_A_VARIABLE}',
        'd: prefix-${MISSING}',
        'e:',
        '  keep: 1',
        '  drop: ${MISSING}',
      ].join('\n'),
    );
    const config = createRootConfig(
      loadConfig({ rootDir: root, env: { HOST: 'db', PORT: '5432' } }),
    );
    expect(config.get('a')).toBe('db:5432');
    expect(config.get('b')).toBe('fallback');
    expect(config.get('c')).toBe('${NOT_A_VARIABLE}');
    // A missing variable makes the whole value undefined, so defaults apply.
    expect(config.get('d')).toBeUndefined();
    expect(config.get('e')).toEqual({ keep: 1 });
  });

  it('lets a missing variable fall back to the lower layer', () => {
    write('app-config.yaml', 'backend:\n  baseUrl: http://base\n');
    write('app-config.local.yaml', 'backend:\n  baseUrl: ${PUBLIC_URL}\n');
    expect(createRootConfig(loadConfig({ rootDir: root, env: {} })).get('backend.baseUrl')).toBe(
      'http://base',
    );
  });

  it('reads $env, $file and $include relative to the file that uses them', () => {
    write('conf/secret.txt', 's3cret');
    write('conf/shared.yaml', 'databases:\n  main: { host: db.internal }\n');
    write(
      'conf/main.yaml',
      'a: { $env: TOKEN }\nb: { $file: ./secret.txt }\nc: { $include: ./shared.yaml#databases.main }\n',
    );
    const config = createRootConfig(
      loadConfig({
        rootDir: root,
        readDefaultFiles: false,
        configFiles: ['conf/main.yaml'],
        cwd: root,
        env: { TOKEN: 't' },
      }),
    );
    expect(config.get('a')).toBe('t');
    expect(config.get('b')).toBe('s3cret');
    expect(config.get('c')).toEqual({ host: 'db.internal' });
  });

  it('applies APP_CONFIG_* environment variables last', () => {
    write('app-config.yaml', 'backend:\n  listen:\n    port: 7007\n');
    const config = createRootConfig(
      loadConfig({
        rootDir: root,
        env: { APP_CONFIG_backend_listen_port: '9000', APP_CONFIG_app_title: 'From env' },
      }),
    );
    expect(config.get('backend.listen.port')).toBe(9000);
    expect(config.get('app.title')).toBe('From env');
  });

  it('names the file and line of a YAML syntax error', () => {
    write('app-config.yaml', 'app:\n  title: ok\n  bad: [unclosed\n');
    expect(() => loadConfig({ rootDir: root, env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ rootDir: root, env: {} })).toThrow(
      /app-config\.yaml:\d+:\d+ is not valid YAML/,
    );
  });

  it('refuses a --config file that does not exist, and a file that is not a mapping', () => {
    expect(() =>
      loadConfig({ rootDir: root, configFiles: ['nope.yaml'], cwd: root, env: {} }),
    ).toThrow(/nope\.yaml does not exist/);
    write('list.yaml', '- a\n- b\n');
    expect(() =>
      loadConfig({ rootDir: root, configFiles: ['list.yaml'], cwd: root, env: {} }),
    ).toThrow(/mapping at the top level/);
  });
});

describe('RootConfig', () => {
  it('names the exact key and the file it came from when validation fails', () => {
    write('app-config.yaml', 'catalog:\n  locations:\n    - type: file\n      target: 42\n');
    const config = createRootConfig(loadConfig({ rootDir: root, env: {} }));
    const schema = z.object({
      locations: z.array(z.object({ type: z.string(), target: z.string() })),
    });
    expect(() => config.read('catalog', schema)).toThrow(
      new RegExp(
        `catalog\\.locations\\[0\\]\\.target: .*string.*\\(in ${join(root, 'app-config.yaml').replace(/\//g, '\\/')}\\)`,
      ),
    );
  });

  it('tells which config file supplied a value, for resolving relative paths', () => {
    write('app-config.yaml', 'catalog:\n  locations: [{ type: file, target: ./a.yaml }]\n');
    write('deploy/prod.yaml', 'catalog:\n  locations: [{ type: file, target: ./b.yaml }]\n');
    const config = createRootConfig(
      loadConfig({ rootDir: root, configFiles: ['deploy/prod.yaml'], cwd: root, env: {} }),
    );
    expect(config.originDir('catalog.locations')).toBe(join(root, 'deploy'));
    expect(config.originDir('catalog.locations.0.target')).toBe(join(root, 'deploy'));
    expect(config.originDir('not.set')).toBe(root);
  });
});
