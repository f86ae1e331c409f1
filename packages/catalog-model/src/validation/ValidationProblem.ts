/** One thing wrong with an entity, worded for the person who edits the YAML. */
export interface ValidationProblem {
  /** Where in the entity, e.g. `['metadata', 'tags', 2]`; empty for the document as a whole. */
  path: (string | number)[];
  /** The same place for humans: `metadata.tags[2]`, `metadata.annotations["backstage.io/x"]`. */
  field: string;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** Renders a path the way YAML authors read it: `spec.steps[0].input["repo.url"]`. */
export function formatFieldPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (PLAIN_KEY.test(segment)) {
      out += out ? `.${segment}` : segment;
    } else {
      out += `[${JSON.stringify(segment)}]`;
    }
  }
  return out;
}

/** Builds a problem; `{field}` in the message is replaced by the formatted path. */
export function problemAt(path: (string | number)[], message: string): ValidationProblem {
  const field = formatFieldPath(path);
  return { path, field, message: message.split('{field}').join(field) };
}
