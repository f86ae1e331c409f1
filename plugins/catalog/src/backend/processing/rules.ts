import picomatch from 'picomatch';
import type { CatalogRule } from '../config/catalogConfig';

/** Where an entity originates: the registered or config location at the root of its tree. */
export interface Origin {
  type: string;
  target: string;
  /** `config` locations are trusted: by default they may bring any kind. */
  source: 'api' | 'config';
}

export interface CatalogRules {
  isAllowed(entity: { kind: string; spec?: unknown }, origin: Origin): boolean;
  /** The kinds allowed for an origin, for error messages. */
  describe(origin: Origin): string;
}

/** What registered URLs may bring when `catalog.rules` is not set. */
export const defaultRegisteredKinds = [
  'Component',
  'API',
  'Location',
  'Template',
  'System',
  'Domain',
  'Resource',
];

interface CompiledRule {
  allow: Array<{ kind: string; specType?: string }>;
  matches(origin: Origin): boolean;
}

/**
 * Catalog rules: an entity is allowed when any rule matches both its origin location and its
 * kind (case-insensitive; optionally its `spec.type`). Without `catalog.rules`, config locations
 * may bring any kind and registered URLs the kinds in `defaultRegisteredKinds`. Rules of one
 * config location (`catalog.locations[].rules`) apply to entities originating there.
 */
export function createCatalogRules(options: {
  rules?: CatalogRule[];
  configLocations: ReadonlyArray<{
    type: string;
    target: string;
    rules?: Array<Omit<CatalogRule, 'locations'>>;
  }>;
}): CatalogRules {
  const compiled: CompiledRule[] = [];
  if (options.rules) {
    compiled.push(...options.rules.map(compileRule));
  } else {
    compiled.push({ allow: [{ kind: '*' }], matches: origin => origin.source === 'config' });
    compiled.push(compileRule({ allow: defaultRegisteredKinds }));
  }
  for (const location of options.configLocations) {
    for (const rule of location.rules ?? []) {
      const base = compileRule(rule);
      compiled.push({
        allow: base.allow,
        matches: origin =>
          origin.source === 'config' &&
          origin.type === location.type &&
          origin.target === location.target,
      });
    }
  }

  const allowedFor = (origin: Origin) =>
    compiled.filter(rule => rule.matches(origin)).flatMap(rule => rule.allow);

  return {
    isAllowed(entity, origin) {
      const kind = entity.kind.toLowerCase();
      const specType =
        typeof (entity.spec as { type?: unknown } | undefined)?.type === 'string'
          ? (entity.spec as { type: string }).type.toLowerCase()
          : undefined;
      return allowedFor(origin).some(
        allowed =>
          (allowed.kind === '*' || allowed.kind === kind) &&
          (!allowed.specType || allowed.specType === specType),
      );
    },
    describe(origin) {
      const kinds = allowedFor(origin).map(a =>
        a.kind === '*' ? 'any kind' : a.specType ? `${a.kind} (spec.type ${a.specType})` : a.kind,
      );
      return kinds.length ? [...new Set(kinds)].join(', ') : 'no kinds';
    },
  };
}

function compileRule(rule: CatalogRule): CompiledRule {
  const allow = rule.allow.map(item =>
    typeof item === 'string'
      ? { kind: item.toLowerCase() }
      : { kind: item.kind.toLowerCase(), specType: item['spec.type']?.toLowerCase() },
  );
  const locations = rule.locations?.map(location => {
    const isMatch = location.pattern
      ? picomatch(location.pattern, { nocase: true, dot: true })
      : undefined;
    return (origin: Origin) =>
      origin.type === location.type &&
      (location.exact === undefined || origin.target === location.exact) &&
      (!isMatch || isMatch(origin.target));
  });
  return {
    allow,
    matches: origin => !locations || locations.some(matches => matches(origin)),
  };
}
