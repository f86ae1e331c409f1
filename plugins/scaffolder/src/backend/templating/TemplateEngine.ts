/**
 * Backstage's `${{ … }}` templating (backstage-spec §4.3), sandboxed: a template reaches only
 * the values it is given and the filters listed here, never the process, files or network.
 */
export interface TemplateEngine {
  /**
   * Renders every string in a value (objects and arrays recursively). A string that is exactly
   * one `${{ expression }}` keeps the expression's JSON type (number, boolean, object, array);
   * any other string is interpolated to a string. Throws `InputError` naming the expression on a
   * syntax error or a refused lookup.
   */
  renderValue(value: unknown, context: Readonly<Record<string, unknown>>): unknown;
  /**
   * `renderValue`, with the strings under `secretPaths` of the context (`[['environment',
   * 'secrets']]`) treated as secrets: the answer lists every rendered string that read one, in
   * any form (ADR 0019). A string that fails after reading a secret fails without its message.
   */
  renderTracked(
    value: unknown,
    context: Readonly<Record<string, unknown>>,
    secretPaths: ReadonlyArray<readonly string[]>,
  ): TrackedValue;
  /** Renders one string (`${{ }}` expressions and `{% %}` tags) to a string. */
  renderString(
    template: string,
    context: Readonly<Record<string, unknown>>,
    options?: RenderStringOptions,
  ): string;
}

export interface RenderStringOptions {
  /** `{{ cookiecutter.x }}` instead of `${{ values.x }}` (fetch:template's `cookiecutterCompat`). */
  cookiecutterCompat?: boolean;
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
}

/** A rendered string that read secrets: its place in the rendered value, and their names. */
export interface RevealedSecret {
  path: Array<string | number>;
  /** Dotted names in the context, sorted: `environment.secrets.deployKey`. */
  secrets: string[];
}

export interface TrackedValue {
  value: unknown;
  revealed: RevealedSecret[];
}
