// Backstage's own verdict on an unprocessed entity, computed with Backstage's published code
// (@backstage/catalog-model and @backstage/plugin-scaffolder-common, installed as dev
// dependencies). It replays what catalog-backend does with an entity read from a file:
//   1. the envelope check (DefaultCatalogProcessingOrchestrator: validateEntityEnvelope),
//   2. the default entity policies (CatalogBuilder: DefaultNamespace, NoForeignRootFields,
//      FieldFormat, SchemaValid),
//   3. the full entity schema (validateEntity after pre-processing),
//   4. kind validation: BuiltinKindsEntityProcessor's validators plus the scaffolder's Template
//      validator; the first validator returning true accepts, a throw rejects. An API of type
//      `mcp-server` is checked by the mcp-server validator (its model-layer spec type),
//   5. relation refs: BuiltinKindsEntityProcessor / ScaffolderEntitiesProcessor parse every ref
//      field with parseEntityRef and the field's default kind; a throw rejects the entity.
// Test-only code: it imports Backstage, which the domain package itself never does.
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  EntityPolicies,
  entityEnvelopeSchemaValidator,
  entitySchemaValidator,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  type Entity,
} from '@backstage/catalog-model';
import { mcpServerApiEntityValidator } from '@backstage/catalog-model/alpha';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';

export type BackstageVerdict = { valid: true } | { valid: false; reason: string };

const checkEnvelope = entityEnvelopeSchemaValidator();
const checkEntitySchema = entitySchemaValidator();
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const builtinValidators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
];

// Ref fields and their default kinds, as the two processors pass them to parseEntityRef.
const refFields: Record<string, [field: string, defaultKind?: string][]> = {
  Component: [
    ['owner', 'Group'],
    ['subcomponentOf', 'Component'],
    ['providesApis', 'API'],
    ['consumesApis', 'API'],
    ['dependsOn'],
    ['dependencyOf'],
    ['system', 'System'],
  ],
  API: [
    ['owner', 'Group'],
    ['system', 'System'],
  ],
  Resource: [['owner', 'Group'], ['dependsOn'], ['dependencyOf'], ['system', 'System']],
  User: [['memberOf', 'Group']],
  Group: [
    ['parent', 'Group'],
    ['children', 'Group'],
    ['members', 'User'],
  ],
  System: [
    ['owner', 'Group'],
    ['domain', 'Domain'],
  ],
  Domain: [
    ['owner', 'Group'],
    ['subdomainOf', 'Domain'],
  ],
  Template: [['owner', 'Group']],
};

async function acceptsKind(entity: Entity): Promise<boolean> {
  const validators =
    entity.kind === 'API' && entity.spec?.type === 'mcp-server'
      ? builtinValidators.map(v =>
          v === apiEntityV1alpha1Validator ? mcpServerApiEntityValidator : v,
        )
      : builtinValidators;
  for (const validator of [...validators, templateEntityV1beta3Validator]) {
    if (await validator.check(entity)) {
      return true;
    }
  }
  return false;
}

function parseRelationRefs(entity: Entity): void {
  const namespace = entity.metadata.namespace as string;
  for (const [field, defaultKind] of refFields[entity.kind] ?? []) {
    const targets = entity.spec?.[field] as string | string[] | undefined;
    if (!targets) {
      continue;
    }
    for (const target of [targets].flat()) {
      parseEntityRef(target, { defaultKind, defaultNamespace: namespace });
    }
  }
}

export async function backstageVerdict(document: unknown): Promise<BackstageVerdict> {
  try {
    checkEnvelope(document);
    const entity = await policy.enforce(structuredClone(document) as Entity);
    if (!entity) {
      return { valid: false, reason: 'Policy unexpectedly returned no data' };
    }
    checkEntitySchema(entity);
    if (!(await acceptsKind(entity))) {
      return { valid: false, reason: 'No processor recognized the entity as valid' };
    }
    parseRelationRefs(entity);
    return { valid: true };
  } catch (error) {
    return { valid: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
