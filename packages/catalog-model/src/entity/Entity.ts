/**
 * The shape of a catalog entity, as written in catalog-info.yaml and as served by the catalog
 * REST API. Field names and optionality follow Backstage's `Entity` JSON schema so that entities
 * round-trip between Callboard and Backstage tooling unchanged.
 */

/** Identifies an entity: the triple the catalog keeps unique (compared case-insensitively). */
export interface CompoundEntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/** An external hyperlink shown on the entity page. */
export interface EntityLink {
  /** An absolute URL (it must parse with the WHATWG `URL` parser). */
  url: string;
  title?: string;
  /** A key naming a visual icon, e.g. `dashboard`. */
  icon?: string;
  /** A free category such as `runbook`, `documentation`, `logs`, `dashboard`. */
  type?: string;
}

/** The `metadata` block every entity carries. */
export interface EntityMeta {
  /** Assigned by the catalog; whatever the YAML says is overwritten on ingest. */
  uid?: string;
  /** Assigned by the catalog; changes whenever the stored entity changes. */
  etag?: string;
  name: string;
  /** Missing means `default`; see `applyEntityDefaults`. */
  namespace?: string;
  title?: string;
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  tags?: string[];
  links?: EntityLink[];
  /** The schema allows further keys; they are kept as written. */
  [key: string]: unknown;
}

/** A directed relation from the entity that carries it to `targetRef`. */
export interface EntityRelation {
  /** The relation type, e.g. `ownedBy`. */
  type: string;
  /** The canonical, lower-case ref of the other end, e.g. `group:default/team-a`. */
  targetRef: string;
}

export type EntityStatusLevel = 'info' | 'warning' | 'error';

/** One status entry, e.g. a processing error attached by the catalog. */
export interface EntityStatusItem {
  type: string;
  level: EntityStatusLevel;
  message: string;
  error?: { name: string; message: string; code?: string; stack?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface EntityStatus {
  items?: EntityStatusItem[];
  [key: string]: unknown;
}

/**
 * A catalog entity. `relations` and `status` are computed by the catalog: they appear on stored
 * entities and API responses, never in source YAML.
 */
export interface Entity {
  apiVersion: string;
  kind: string;
  metadata: EntityMeta;
  spec?: Record<string, unknown>;
  relations?: EntityRelation[];
  status?: EntityStatus;
}
