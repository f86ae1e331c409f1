/**
 * Tracks which secrets a render read (ADR 0019). Secret strings enter a template's context
 * wrapped in `SecretValue`: the sandbox unwraps one wherever a template uses it (member lookups,
 * filters, calls, output), and every way JavaScript has of turning it into a primitive
 * (`toString`, `valueOf`, `toJSON`, `Symbol.toPrimitive`) unwraps it too. Each unwrap records the
 * secret's name in the active render, so a render's result is known to be derived from a secret
 * whatever the template did to the value (`| reverse`, `| upper`, `.split("")`, …).
 */

/** The secrets read by the render in progress (renders are synchronous: one at a time). */
let revealed: Set<string> | undefined;

/** A secret string in a template's context; reading it marks the render. */
export class SecretValue {
  readonly #value: string;
  readonly #name: string;

  constructor(value: string, name: string) {
    this.#value = value;
    this.#name = name;
  }

  /** The secret's text; the active render is marked as having read it. */
  reveal(): string {
    revealed?.add(this.#name);
    return this.#value;
  }

  toString(): string {
    return this.reveal();
  }

  valueOf(): string {
    return this.reveal();
  }

  toJSON(): string {
    return this.reveal();
  }

  [Symbol.toPrimitive](): string {
    return this.reveal();
  }
}

/** The plain value a template may compute with: a secret's text (marking the render), or the value. */
export function unwrapSecret(value: unknown): unknown {
  return value instanceof SecretValue ? value.reveal() : value;
}

/**
 * Runs `render` and returns the names of the secrets it read, sorted. The result (or error) of
 * `render` is in `result`/`error`: a failed render that read a secret must not show its message.
 */
export function trackSecrets<T>(
  render: () => T,
): { ok: true; value: T; secrets: string[] } | { ok: false; error: unknown; secrets: string[] } {
  const previous = revealed;
  const read = new Set<string>();
  revealed = read;
  try {
    const value = render();
    return { ok: true, value, secrets: [...read].sort() };
  } catch (error) {
    return { ok: false, error, secrets: [...read].sort() };
  } finally {
    revealed = previous;
    // A nested render's reads count for the enclosing one too.
    if (previous) for (const name of read) previous.add(name);
  }
}

/**
 * A copy of `context` where every string under one of `paths` (`[['secrets'],
 * ['environment', 'secrets']]`) is a `SecretValue` named by its dotted path
 * (`environment.secrets.deployKey`). Other values are shared, not copied.
 */
export function wrapSecrets(
  context: Record<string, unknown>,
  paths: ReadonlyArray<readonly string[]>,
): Record<string, unknown> {
  let result = context;
  for (const path of paths) {
    if (path.length === 0) continue;
    result = wrapAt(result, path, 0) as Record<string, unknown>;
  }
  return result;
}

function wrapAt(value: unknown, path: readonly string[], index: number): unknown {
  if (index === path.length) return wrapAll(value, path.join('.'));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const key = path[index]!;
  const object = value as Record<string, unknown>;
  if (!Object.hasOwn(object, key)) return value;
  return withOwn(object, key, wrapAt(object[key], path, index + 1));
}

function wrapAll(value: unknown, name: string): unknown {
  if (typeof value === 'string') return new SecretValue(value, name);
  if (Array.isArray(value)) return value.map((item, index) => wrapAll(item, `${name}[${index}]`));
  if (value !== null && typeof value === 'object') {
    let result = value as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) {
      result = withOwn(result, key, wrapAll(item, `${name}.${key}`));
    }
    return result;
  }
  return value;
}

/** A shallow copy with one own property replaced (defined, so `__proto__` stays data). */
function withOwn(
  object: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const own of Object.keys(object)) {
    Object.defineProperty(copy, own, {
      value: own === key ? value : object[own],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
