import { isValidApiVersion, isValidKind } from '../validation/fieldFormats';
import { coreKinds } from './coreKinds';
import type { KindDefinition } from './KindDefinition';

/** How the registry answers "which definitions apply to this entity?". */
export type KindResolution =
  | {
      ok: true;
      /** Candidates to validate `spec` against; the entity is valid if any accepts it. */
      definitions: readonly KindDefinition[];
    }
  | {
      ok: false;
      /** Which root field is at fault. */
      field: 'kind' | 'apiVersion' | 'spec.type';
      /** Worded for the YAML author, without the field name. */
      message: string;
    };

/** The kinds the catalog accepts. Immutable; `extend` returns a new registry. */
export interface KindRegistry {
  readonly definitions: readonly KindDefinition[];
  /** The distinct kind names, sorted. */
  kinds(): string[];
  /** Picks the definitions for an entity's kind, apiVersion and `spec.type`. */
  resolve(entity: { kind: string; apiVersion: string; spec?: unknown }): KindResolution;
  /** A registry with these definitions added (a plugin contributing its kinds). */
  extend(definitions: readonly KindDefinition[]): KindRegistry;
}

function checkDefinition(definition: KindDefinition): void {
  if (!isValidKind(definition.kind)) {
    throw new TypeError(`Kind definition has an invalid kind "${definition.kind}"`);
  }
  if (definition.apiVersions.length === 0) {
    throw new TypeError(`Kind definition for ${definition.kind} lists no apiVersions`);
  }
  for (const apiVersion of definition.apiVersions) {
    if (!isValidApiVersion(apiVersion)) {
      throw new TypeError(
        `Kind definition for ${definition.kind} has an invalid apiVersion "${apiVersion}"`,
      );
    }
  }
  for (const field of definition.relationFields) {
    if (!field.path.startsWith('spec.')) {
      throw new TypeError(
        `Relation field "${field.path}" of ${definition.kind} must be under spec`,
      );
    }
  }
}

/**
 * Creates a registry from kind definitions. Several definitions may cover the same kind and
 * apiVersion: the entity is accepted when any of them accepts its spec, which is how Backstage
 * treats several processors that validate kinds. Throws a `TypeError` for a malformed definition
 * (a programming error in the plugin that supplied it).
 */
export function createKindRegistry(definitions: readonly KindDefinition[]): KindRegistry {
  definitions.forEach(checkDefinition);
  const all = [...definitions];

  return {
    definitions: all,
    kinds: () => [...new Set(all.map(d => d.kind))].sort(),
    extend: more => createKindRegistry([...all, ...more]),
    resolve(entity) {
      const sameKind = all.filter(d => d.kind === entity.kind);
      if (sameKind.length === 0) {
        const caseOnly = all.find(d => d.kind.toLowerCase() === entity.kind.toLowerCase());
        return {
          ok: false,
          field: 'kind',
          message: caseOnly
            ? `kind "${entity.kind}" is not known; kinds are case-sensitive, did you mean "${caseOnly.kind}"?`
            : `kind "${entity.kind}" is not known to this catalog, so nothing can validate the entity; check the spelling, or install the plugin that provides this kind (known kinds: ${[...new Set(all.map(d => d.kind))].sort().join(', ')})`,
        };
      }
      const versioned = sameKind.filter(d => d.apiVersions.includes(entity.apiVersion));
      if (versioned.length === 0) {
        const supported = [...new Set(sameKind.flatMap(d => d.apiVersions))];
        return {
          ok: false,
          field: 'apiVersion',
          message: `apiVersion "${entity.apiVersion}" is not supported for kind ${entity.kind}; use ${supported.length === 1 ? supported[0] : `one of ${supported.join(', ')}`}`,
        };
      }
      // A definition for this exact spec.type replaces the generic ones (Backstage's specType).
      const specType =
        entity.spec && typeof entity.spec === 'object'
          ? (entity.spec as Record<string, unknown>).type
          : undefined;
      const typed = versioned.filter(d => d.specType !== undefined && d.specType === specType);
      if (typed.length > 0) {
        return { ok: true, definitions: typed };
      }
      const generic = versioned.filter(d => d.specType === undefined);
      if (generic.length > 0) {
        return { ok: true, definitions: generic };
      }
      const types = versioned.map(d => JSON.stringify(d.specType)).join(', ');
      return {
        ok: false,
        field: 'spec.type',
        message: `spec.type must be one of ${types} for kind ${entity.kind}`,
      };
    },
  };
}

/** The registry used when none is given: `coreKinds`. */
export const defaultKindRegistry: KindRegistry = createKindRegistry(coreKinds);
