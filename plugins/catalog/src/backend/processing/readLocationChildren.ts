import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  applyEntityDefaults,
  type Entity,
  safeParseEntityRef,
  stringifyEntityRef,
} from '@callboard/catalog-model';
import { describeForUser, findUnstorableValue } from '@callboard/plugin-api/common';
import type { RepositoryReader, LocationSpec } from '@callboard/plugin-api/backend';
import { decodeUtf8 } from './decodeUtf8';
import { hashOf } from '../database/hash';
import { iterateYamlDocuments } from './parseYamlDocuments';
import { hasPlaceholders } from './resolvePlaceholders';
import type { Problem } from '../database/Problem';
import type { EmittedChild } from '../database/refreshStateStore';
import type { CatalogRules, Origin } from './rules';
import {
  unstorableLocationKey,
  unstorableRef,
  unstorableStandIn,
} from '../database/storableEntity';

export interface LocationReadResult {
  emitted: EmittedChild[];
  problems: Problem[];
  /**
   * Previous children to keep even though they were not emitted now: `all` when a target could
   * not be read (a missing file is not an orphaning event), else the location keys of files with
   * a document that could not be turned into an entity (its entity may be in there).
   */
  keep: 'all' | string[];
  /** The versions read (commits, etags), to tell whether anything changed. */
  versions: string[];
}

export interface LocationReadContext {
  reader: RepositoryReader;
  rules: CatalogRules;
  origin: Origin;
  /** The Location entity being processed and its ancestors' refs (cycle detection). */
  selfRef: string;
  ancestry: ReadonlySet<string>;
  /** Depth of the Location being processed; its Location children get depth + 1. */
  depth: number;
  maxDepth: number;
  /** Config (file) locations may read files; registered URL trees may not. */
  allowFileTargets: boolean;
  fresh: boolean;
  signal?: AbortSignal;
}

const maxDocumentBytesForMessage = 120;

/** One file a target holds, as the reader returns it. */
type ReadFile = Awaited<ReturnType<RepositoryReader['readLocation']>>['files'][number];
/** The view/edit/source links of entities read from one file. */
type FileAnnotations = ReturnType<RepositoryReader['annotationsFor']>;

/** Where a child was read: file, document index and line. */
type At = { file: string; document: number; line: number };

/** What reading one Location gathers as it goes through its targets, files and documents. */
interface ReadState {
  result: LocationReadResult;
  /** Files with a document that could not be turned into an entity: their children are kept. */
  keepFiles: Set<string>;
  /** Each entity emitted so far, and where (duplicates are refused). */
  seen: Map<string, string>;
  /** When the current slice of parsing started (other work runs between slices). */
  sliceStartedAt: number;
}

/** The Location's own settings for reading its targets. */
interface TargetSettings {
  type: string;
  optional: boolean;
  ownLocation: LocationSpec | undefined;
}

/**
 * Reads every target of a Location entity and turns each YAML document into a child entity with
 * its location annotations. Problems are collected, never thrown: one broken document or file
 * does not stop the others.
 */
export async function readLocationChildren(
  location: Entity,
  context: LocationReadContext,
): Promise<LocationReadResult> {
  const spec = (location.spec ?? {}) as {
    type?: unknown;
    target?: unknown;
    targets?: unknown;
    presence?: unknown;
  };
  const annotations = location.metadata.annotations ?? {};
  const ownLocation = parseOwnLocation(annotations[ANNOTATION_LOCATION]);
  const originRef =
    annotations[ANNOTATION_ORIGIN_LOCATION] ?? annotations[ANNOTATION_LOCATION] ?? '';
  const settings: TargetSettings = {
    type: typeof spec.type === 'string' ? spec.type : (ownLocation?.type ?? 'url'),
    optional: spec.presence === 'optional',
    ownLocation,
  };
  const targets = [
    ...new Set(
      [spec.target, ...(Array.isArray(spec.targets) ? spec.targets : [])].filter(isNonEmptyString),
    ),
  ];

  const state: ReadState = {
    result: { emitted: [], problems: [], keep: [], versions: [] },
    keepFiles: new Set<string>(),
    seen: new Map<string, string>(),
    sliceStartedAt: performance.now(),
  };
  for (const target of targets) {
    const files = await readTarget(state, target, settings, context);
    for (const file of files) await readFileDocuments(state, file, originRef, context);
  }
  const result = state.result;
  if (result.keep !== 'all') result.keep = [...state.keepFiles];
  return result;
}

/** Reads one target's files; none when it could not be read (the problem is recorded). */
async function readTarget(
  state: ReadState,
  target: string,
  settings: TargetSettings,
  context: LocationReadContext,
): Promise<ReadFile[]> {
  const { result } = state;
  let spec: LocationSpec;
  try {
    spec = resolveTargetSpec(settings.type, target, settings.ownLocation, context);
  } catch (error) {
    result.problems.push(problem('location', error, `Location target "${target}": `));
    result.keep = 'all';
    return [];
  }
  let files;
  try {
    const read = await context.reader.readLocation(spec, {
      fresh: context.fresh,
      signal: context.signal,
    });
    files = read.files;
    if (read.version) result.versions.push(read.version);
  } catch (error) {
    if (settings.optional && (error as Error).name === 'NotFoundError') return [];
    result.problems.push({
      ...problem('read', error, `Could not read ${spec.type}:${spec.target}: `),
      file: `${spec.type}:${spec.target}`,
    });
    result.keep = 'all';
    return [];
  }
  if (files.length === 0 && !settings.optional && !/[*?{[]/.test(spec.target)) {
    result.problems.push({
      type: 'read',
      level: 'error',
      name: 'NotFoundError',
      message: `Unable to read ${spec.type}:${spec.target}, no matching files found`,
      file: `${spec.type}:${spec.target}`,
    });
  }
  return files;
}

/** Turns each YAML document of one file into a child entity, or a problem. */
async function readFileDocuments(
  state: ReadState,
  file: ReadFile,
  originRef: string,
  context: LocationReadContext,
): Promise<void> {
  const { result, keepFiles } = state;
  const fileRef = `${file.location.type}:${file.location.target}`;
  const fileAnnotations = context.reader.annotationsFor(file.location);
  const decoded = decodeUtf8(file.content);
  if (!decoded.ok) {
    result.problems.push({
      type: 'read',
      level: 'error',
      name: 'InputError',
      message: `${fileRef} is not valid UTF-8: the first invalid byte sequence is at byte offset ${decoded.offset}; the file was not read, and the entities read from it before are kept`,
      file: fileRef,
    });
    keepFiles.add(fileRef);
    return;
  }
  for (const document of iterateYamlDocuments(decoded.text)) {
    // Thousands of files, or one of thousands of documents, take a while to parse: let other
    // work (a requested refresh, the API, health checks) run every few milliseconds.
    if (performance.now() - state.sliceStartedAt > 10) {
      await new Promise(resolve => setImmediate(resolve));
      state.sliceStartedAt = performance.now();
    }
    const at = { file: fileRef, document: document.index, line: document.line };
    if (!document.ok) {
      result.problems.push({
        type: 'yaml',
        level: 'error',
        name: 'InputError',
        message: `YAML error in document ${document.index}: ${document.message}`,
        ...at,
      });
      keepFiles.add(fileRef);
      continue;
    }
    emitDocument(state, document.value, at, { fileRef, fileAnnotations, originRef }, context);
  }
}

/** The file a document comes from: its ref, its links, and the location it originated at. */
interface DocumentSource {
  fileRef: string;
  fileAnnotations: FileAnnotations;
  originRef: string;
}

/** Emits one document as a child entity, or records why it cannot be one. */
function emitDocument(
  state: ReadState,
  value: unknown,
  at: At,
  source: DocumentSource,
  context: LocationReadContext,
): void {
  const { result, keepFiles } = state;
  const { fileRef, fileAnnotations, originRef } = source;
  const built = buildChild(value, at);
  if ('problem' in built) {
    result.problems.push(built.problem);
    keepFiles.add(fileRef);
    return;
  }
  const entity = built.entity;
  // An entity the database cannot even name is refused here, on the location: there is
  // no row to hang the problem on. What its file held before is kept.
  const refusal = unstorableRef(entity) ?? unstorableLocationKey(fileRef);
  if (refusal) {
    result.problems.push({
      type: 'envelope',
      level: 'error',
      name: 'InputError',
      message: refusal.message,
      ...at,
      ...(refusal.field ? { field: refusal.field } : {}),
    });
    keepFiles.add(fileRef);
    return;
  }
  const entityRef = stringifyEntityRef(entity);
  if (entityRef === context.selfRef) return;
  const misplaced = placementProblem(state, entity, entityRef, source, context);
  if (misplaced) {
    result.problems.push({ ...misplaced, ...at });
    return;
  }
  state.seen.set(entityRef, `${fileRef} document ${at.document}`);
  entity.metadata.annotations = {
    ...withoutEmpty({
      [ANNOTATION_VIEW_URL]: fileAnnotations.viewUrl,
      [ANNOTATION_EDIT_URL]: fileAnnotations.editUrl,
      [ANNOTATION_SOURCE_LOCATION]: fileAnnotations.sourceLocation,
    }),
    // Author values win for the links above; where it came from is always the catalog's.
    ...entity.metadata.annotations,
    [ANNOTATION_LOCATION]: fileRef,
    [ANNOTATION_ORIGIN_LOCATION]: originRef,
  };
  // A value the database cannot store fails this entity alone (ADR 0018): a stand-in
  // naming the field is stored in its place, and processing it records the problem.
  const unstorable = findUnstorableValue(entity);
  const stored = unstorable ? unstorableStandIn(entity, unstorable) : entity;
  if (!stored) {
    result.problems.push({
      type: 'envelope',
      level: 'error',
      name: 'InputError',
      message: unstorable!.message,
      ...at,
      field: unstorable!.field,
    });
    keepFiles.add(fileRef);
    return;
  }
  result.emitted.push({
    entity: stored,
    entityRef,
    locationKey: fileRef,
    source: at,
    hash: hashOf(stored),
    hasPlaceholders: !unstorable && hasPlaceholders(entity),
  });
}

/**
 * Why an entity may not be emitted here: defined twice, a cycle, nested too deep, or of a kind
 * the location may not bring. Its file's other entities are not held back by it.
 */
function placementProblem(
  state: ReadState,
  entity: Entity,
  entityRef: string,
  source: DocumentSource,
  context: LocationReadContext,
): Problem | undefined {
  const refused = (type: Problem['type'], name: string, message: string): Problem => ({
    type,
    level: 'error',
    name,
    message,
  });
  const previous = state.seen.get(entityRef);
  if (previous) {
    return refused(
      'location',
      'ConflictError',
      `Duplicate entity ${entityRef}: also defined at ${previous}`,
    );
  }
  if (context.ancestry.has(entityRef)) {
    return refused(
      'location',
      'InputError',
      `${entityRef} would include itself: the locations form a cycle`,
    );
  }
  const isLocation = entity.kind.toLowerCase() === 'location';
  if (isLocation && context.depth + 1 > context.maxDepth) {
    return refused(
      'location',
      'InputError',
      `${entityRef} is nested more than ${context.maxDepth} locations deep`,
    );
  }
  if (!context.rules.isAllowed(entity, context.origin)) {
    return refused(
      'rules',
      'NotAllowedError',
      `Entity ${entityRef} at ${source.fileRef}, originated at ${source.originRef}, is not of an allowed kind for that location (allowed: ${context.rules.describe(context.origin)}; see catalog.rules)`,
    );
  }
  return undefined;
}

function resolveTargetSpec(
  type: string,
  target: string,
  own: LocationSpec | undefined,
  context: LocationReadContext,
): LocationSpec {
  if (type !== 'url' && type !== 'file') {
    throw Object.assign(
      new Error(`type "${type}" is not supported; use url (or file in app-config)`),
      { name: 'InputError' },
    );
  }
  if (type === 'file' && !context.allowFileTargets) {
    throw Object.assign(new Error('file targets are only allowed in locations from app-config'), {
      name: 'NotAllowedError',
    });
  }
  if (own && own.type === type) {
    return context.reader.resolveTarget(own, target);
  }
  return { type, target };
}

function parseOwnLocation(ref: string | undefined): LocationSpec | undefined {
  if (!ref) return undefined;
  const colon = ref.indexOf(':');
  const type = ref.slice(0, colon);
  return type === 'url' || type === 'file' ? { type, target: ref.slice(colon + 1) } : undefined;
}

/** Checks just enough to name the entity (kind, namespace, name); full validation comes later. */
function buildChild(
  value: unknown,
  at: { file: string; document: number; line: number },
): { entity: Entity } | { problem: Problem } {
  const fail = (message: string, field?: string): { problem: Problem } => ({
    problem: {
      type: 'envelope',
      level: 'error',
      name: 'InputError',
      message,
      ...at,
      ...(field ? { field } : {}),
    },
  });
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
    return fail(
      `Document ${at.document} is not an entity: expected a mapping at the root, got ${got}${preview(value)}`,
    );
  }
  const candidate = value as { apiVersion?: unknown; kind?: unknown; metadata?: unknown };
  for (const field of ['apiVersion', 'kind'] as const) {
    if (!isNonEmptyString(candidate[field])) {
      return fail(
        `Document ${at.document} is not an entity: ${field} is missing or not a string`,
        field,
      );
    }
  }
  const metadata = candidate.metadata as { name?: unknown; namespace?: unknown } | undefined;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return fail(
      `Document ${at.document} is not an entity: metadata is missing or not a mapping`,
      'metadata',
    );
  }
  if (!isNonEmptyString(metadata.name)) {
    return fail(
      `Document ${at.document} is not an entity: metadata.name is missing or not a string`,
      'metadata.name',
    );
  }
  if (metadata.namespace !== undefined && !isNonEmptyString(metadata.namespace)) {
    return fail(`metadata.namespace must be a non-empty string`, 'metadata.namespace');
  }
  const entity = applyEntityDefaults(structuredClone(value) as Entity);
  const parsed = safeParseEntityRef({
    kind: entity.kind,
    namespace: entity.metadata.namespace,
    name: entity.metadata.name,
  });
  if (!parsed.ok) {
    return fail(parsed.message, 'metadata.name');
  }
  return { entity };
}

function preview(value: unknown): string {
  const text = JSON.stringify(value);
  return text
    ? ` (${text.length > maxDocumentBytesForMessage ? `${text.slice(0, maxDocumentBytesForMessage)}…` : text})`
    : '';
}

function problem(type: Problem['type'], error: unknown, prefix: string): Problem {
  const name = (error as Error | undefined)?.name;
  return {
    type,
    level: 'error',
    name: name && name !== 'Error' ? name : 'InputError',
    message: `${prefix}${describeForUser(error)}`,
  };
}

function withoutEmpty(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => !!entry[1]),
  );
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
