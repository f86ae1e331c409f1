import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from './ConfigError';
import { mergeConfig } from './mergeConfig';
import { isPlainObject, substitute } from './substitute';

/** One layer of configuration and where it came from. */
export interface ConfigSource {
  /** Absolute path, or `(environment)` for APP_CONFIG_* variables. */
  file: string;
  dir: string;
  data: Record<string, unknown>;
}

export interface LoadedConfig {
  /** All layers merged. */
  data: Record<string, unknown>;
  /** Lowest priority first. */
  sources: ConfigSource[];
  rootDir: string;
}

export interface LoadConfigOptions {
  /** Where `app-config.yaml` and `app-config.local.yaml` live (the repository root). */
  rootDir: string;
  /** Whether to read `app-config.yaml` and `app-config.local.yaml` from `rootDir` (default true). */
  readDefaultFiles?: boolean;
  /** `--config` files in command-line order; relative paths resolve against `cwd`. */
  configFiles?: readonly string[];
  /** Extra layers on top (tests pass config objects this way). */
  overrides?: ReadonlyArray<Record<string, unknown>>;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

/**
 * Loads `app-config.yaml`, then `app-config.local.yaml` if present, then each `--config` file,
 * then `APP_CONFIG_*` environment variables. Objects merge, arrays and values replace.
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const sources: ConfigSource[] = [];

  const defaults = [
    resolve(options.rootDir, 'app-config.yaml'),
    resolve(options.rootDir, 'app-config.local.yaml'),
  ];
  for (const file of options.readDefaultFiles === false ? [] : defaults) {
    if (existsSync(file)) {
      sources.push(readSource(file, env));
    }
  }
  for (const given of options.configFiles ?? []) {
    const file = resolve(cwd, given);
    if (!existsSync(file)) {
      throw new ConfigError(`Config file ${given} does not exist (resolved to ${file})`);
    }
    sources.push(readSource(file, env));
  }
  for (const [index, data] of (options.overrides ?? []).entries()) {
    sources.push({ file: `(override ${index + 1})`, dir: options.rootDir, data });
  }
  const fromEnv = environmentOverrides(env);
  if (fromEnv) {
    sources.push({ file: '(environment)', dir: cwd, data: fromEnv });
  }

  let data: unknown = {};
  for (const source of sources) {
    data = mergeConfig(data, source.data);
  }
  return { data: isPlainObject(data) ? data : {}, sources, rootDir: options.rootDir };
}

function readSource(file: string, env: Readonly<Record<string, string | undefined>>): ConfigSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${file}: ${(error as Error).message}`);
  }
  const document = parseDocument(text, { prettyErrors: true });
  const [firstError] = document.errors;
  if (firstError) {
    const position = firstError.linePos?.[0];
    const where = position ? `${file}:${position.line}:${position.col}` : file;
    throw new ConfigError(
      `Config file ${where} is not valid YAML: ${firstError.message.split('\n')[0]}`,
    );
  }
  const parsed: unknown = document.toJS();
  if (parsed === null || parsed === undefined) {
    return { file, dir: dirname(file), data: {} };
  }
  if (!isPlainObject(parsed)) {
    throw new ConfigError(`Config file ${file} must contain a mapping at the top level`);
  }
  const dir = dirname(file);
  const data = substitute(parsed, { env, dir, file });
  return { file, dir, data: isPlainObject(data) ? data : {} };
}

/** `APP_CONFIG_backend_listen_port=7008` sets `backend.listen.port` (JSON when it parses, else a string). */
function environmentOverrides(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('APP_CONFIG_') || raw === undefined) continue;
    const path = name.slice('APP_CONFIG_'.length).split('_').filter(Boolean);
    if (path.length === 0) continue;
    let value: unknown = raw;
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      // Not JSON: keep the string.
    }
    const layer: Record<string, unknown> = {};
    let cursor = layer;
    path.forEach((key, index) => {
      if (index === path.length - 1) {
        cursor[key] = value;
      } else {
        const next: Record<string, unknown> = {};
        cursor[key] = next;
        cursor = next;
      }
    });
    out = mergeConfig(out ?? {}, layer) as Record<string, unknown>;
  }
  return out;
}
