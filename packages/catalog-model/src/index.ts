// The public API of @callboard/catalog-model: the pure catalog domain (entities, refs, kinds,
// relations, validation). Everything a consumer needs is re-exported here; import nothing deeper.

export type {
  CompoundEntityRef,
  Entity,
  EntityLink,
  EntityMeta,
  EntityRelation,
  EntityStatus,
  EntityStatusItem,
  EntityStatusLevel,
} from './entity/Entity';
export { DEFAULT_NAMESPACE } from './entity/constants';
export {
  getCompoundEntityRef,
  isSameEntityRef,
  parseEntityRef,
  safeParseEntityRef,
  stringifyEntityRef,
} from './entity/ref';
export type {
  EntityRefContext,
  EntityRefErrorReason,
  PartialEntityRef,
  SafeParseEntityRefResult,
} from './entity/ref';
export * from './entity/annotations';
export { applyEntityDefaults } from './entity/applyEntityDefaults';
export type { ApplyEntityDefaultsOptions } from './entity/applyEntityDefaults';

export {
  getEntitySourceLocation,
  isScriptUrl,
  parseLocationRef,
  safeHttpUrl,
  stringifyLocationRef,
} from './location/locationRef';
export type { LocationRef } from './location/locationRef';

export type { KindDefinition, RelationFieldDefinition } from './kinds/KindDefinition';
export { createKindRegistry, defaultKindRegistry } from './kinds/createKindRegistry';
export type { KindRegistry, KindResolution } from './kinds/createKindRegistry';
export { coreKinds } from './kinds/coreKinds';
export { componentKind, componentSpecSchema } from './kinds/componentKind';
export type { ComponentSpec } from './kinds/componentKind';
export { apiKind, apiSpecSchema, mcpServerApiKind, mcpServerApiSpecSchema } from './kinds/apiKind';
export type { ApiSpec, McpServerApiSpec } from './kinds/apiKind';
export { resourceKind, resourceSpecSchema } from './kinds/resourceKind';
export type { ResourceSpec } from './kinds/resourceKind';
export { systemKind, systemSpecSchema } from './kinds/systemKind';
export type { SystemSpec } from './kinds/systemKind';
export { domainKind, domainSpecSchema } from './kinds/domainKind';
export type { DomainSpec } from './kinds/domainKind';
export { groupKind, groupSpecSchema } from './kinds/groupKind';
export type { GroupSpec } from './kinds/groupKind';
export { userKind, userSpecSchema } from './kinds/userKind';
export type { UserSpec } from './kinds/userKind';
export { locationKind, locationSpecSchema } from './kinds/locationKind';
export type { LocationSpec } from './kinds/locationKind';
export { templateKind, templateSpecSchema } from './kinds/templateKind';
export type { TemplateSpec } from './kinds/templateKind';
export { aiResourceKinds } from './kinds/aiResourceKinds';

export * from './relations/relationTypes';
export { extractEntityRelations } from './relations/extractEntityRelations';
export type {
  ExtractEntityRelationsOptions,
  ExtractedRelations,
  RelationPair,
  RelationRow,
} from './relations/extractEntityRelations';
export { sortEntityRefArrays } from './relations/sortEntityRefArrays';
export type { SortEntityRefArraysOptions } from './relations/sortEntityRefArrays';

export { validateEntity } from './validation/validateEntity';
export type { EntityValidationResult, ValidateEntityOptions } from './validation/validateEntity';
export type { ValidationProblem } from './validation/ValidationProblem';
export { formatFieldPath } from './validation/ValidationProblem';
export {
  FIELD_FORMAT_ADVICE,
  isNonBlankString,
  isValidAnnotationKey,
  isValidApiVersion,
  isValidDnsLabel,
  isValidDnsSubdomain,
  isValidEntityName,
  isValidKind,
  isValidLabelKey,
  isValidLabelValue,
  isValidNamespace,
  isValidTag,
  isValidUrl,
} from './validation/fieldFormats';
