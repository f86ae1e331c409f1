/**
 * Backstage's `${{ … }}` templating (backstage-spec §4.3), sandboxed: a template reaches only
 * the values it is given and the filters listed here, never the process, files or network.
 */
export interface TemplateRenderer {
  /**
   * Renders every string in a value (objects and arrays recursively). A string that is exactly
   * one `${{ expression }}` keeps the expression's JSON type (number, boolean, object, array);
   * any other string is interpolated to a string. Throws `InputError` naming the expression on a
   * syntax error or a refused lookup.
   */
  renderValue(value: unknown, context: Readonly<Record<string, unknown>>): unknown;
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
