import semver from 'semver';

/**
 * Which tags of a repository are releases of a component. The default takes `1.2.3` and
 * `v1.2.3`; monorepos name the component in the tag, chosen by the annotation
 * `callboard.dev/tag-pattern` with a `{version}` placeholder: `payments@{version}`,
 * `payments/v{version}`. Tags that do not match, or whose version is not semver, are not releases.
 */
export const tagPatternAnnotation = 'callboard.dev/tag-pattern';
export const defaultTagPattern = '{version}';

const placeholder = '{version}';

/** Why a pattern is unusable, or undefined. */
export function tagPatternProblem(pattern: string): string | undefined {
  const count = pattern.split(placeholder).length - 1;
  if (count !== 1) {
    return `The tag pattern "${pattern}" (${tagPatternAnnotation}) must contain {version} exactly once, as in "payments@{version}"`;
  }
  return undefined;
}

/** The semver version a tag names under `pattern` (normalised: `v1.2.3` → `1.2.3`), or undefined. */
export function versionOfTag(tag: string, pattern: string): string | undefined {
  const [prefix = '', suffix = ''] = pattern.split(placeholder);
  if (!tag.startsWith(prefix) || !tag.endsWith(suffix)) return undefined;
  const middle = tag.slice(prefix.length, tag.length - suffix.length);
  // `v` is optional wherever the pattern does not spell it out.
  const candidate = middle.startsWith('v') ? middle.slice(1) : middle;
  if (!/^\d/.test(candidate)) return undefined;
  return semver.valid(candidate) ?? undefined;
}
