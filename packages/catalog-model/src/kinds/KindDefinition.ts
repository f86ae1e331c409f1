import type { z } from 'zod';

/**
 * A spec field that refers to other entities. Each ref in it produces a relation on this entity
 * and the reverse relation on the target.
 */
export interface RelationFieldDefinition {
  /** Dotted path to a ref string or a list of refs, e.g. `spec.owner`, `spec.dependsOn`. */
  path: string;
  /** Relation type on this entity, e.g. `ownedBy`. */
  relation: string;
  /** Relation type on the target, e.g. `ownerOf`. */
  reverse: string;
  /** Kind of a ref that names none. Without it the author must write `<kind>:<name>`. */
  defaultKind?: string;
  /**
   * Namespace of a ref that names none: the referencing entity's own namespace (`inherit`, the
   * default and what every built-in field does) or the `default` namespace.
   */
  defaultNamespace?: 'inherit' | 'default';
  /**
   * When set, refs to other kinds are dropped without an error (how Backstage's model layer
   * treats, e.g., an AiResource owner that is not a Group or User).
   */
  allowedKinds?: readonly string[];
}

/**
 * What the catalog needs to accept one kind (and, with `specType`, one sub-type of it): the
 * registry consults these instead of hard-coding kinds, so a plugin adds a kind by passing its
 * own definition to `createKindRegistry`.
 */
export interface KindDefinition {
  /** The kind as written in YAML. Matched case-sensitively, as Backstage's schemas do. */
  kind: string;
  /** The accepted `apiVersion` values, e.g. `['backstage.io/v1alpha1', 'backstage.io/v1beta1']`. */
  apiVersions: readonly string[];
  /**
   * Restricts the definition to entities whose `spec.type` equals this value. Such a definition
   * replaces the generic one(s) of its kind for those entities (e.g. an API of type `mcp-server`
   * has `remotes` instead of `definition`).
   */
  specType?: string;
  /** Validates `spec`; receives `undefined` when the entity has none. */
  specSchema: z.ZodType;
  /** Fields holding refs to other entities. */
  relationFields: readonly RelationFieldDefinition[];
  /** One line for people browsing the registry. */
  description?: string;
}
