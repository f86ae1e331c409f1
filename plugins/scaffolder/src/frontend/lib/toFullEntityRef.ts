import { safeParseEntityRef, stringifyEntityRef } from '@callboard/catalog-model';
import type { RefDefaults } from '@callboard/plugin-catalog/common';

/**
 * What a picker stores for typed text: the full, lower-case ref (`group:default/team-a`), with
 * the picker's default kind and namespace filled in. Undefined when the text is not a ref (no
 * kind and no default kind, or an empty part).
 */
export function toFullEntityRef(text: string, defaults: RefDefaults = {}): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const parsed = safeParseEntityRef(trimmed, defaults);
  return parsed.ok ? stringifyEntityRef(parsed.ref) : undefined;
}
