import { FIELD_FORMAT_ADVICE, isValidEntityName, isValidTag } from '@callboard/catalog-model';
import type { PublishTargetDescription } from '../../common';
import { toFullEntityRef } from '../lib/toFullEntityRef';
import { impliedKind, pickerPredicate } from './catalogFilter';
import { readRepoUrlRules, readRepoUrlValue, repoUrlProblems } from './repoUrl';

/**
 * Checks of the custom fields that JSON Schema cannot express, run when a step is submitted
 * (RJSF's `customValidate`). Each returns the problems of one value, worded for the person
 * filling the form; an empty value is left to the schema's `required`.
 */
export interface FieldValidationContext {
  /** The publish targets, for the repository picker; absent while they load. */
  targets?: readonly PublishTargetDescription[];
}

type FieldValidator = (
  value: unknown,
  options: Record<string, unknown>,
  context: FieldValidationContext,
) => string[];

export function entityNameProblems(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  if (isValidEntityName(value)) return [];
  return [
    `"${value}" cannot be an entity name: ${FIELD_FORMAT_ADVICE.name}. For example "payments-api".`,
  ];
}

export function tagProblems(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const invalid = value.filter(tag => !isValidTag(tag));
  if (invalid.length === 0) return [];
  const listed = invalid.map(tag => `"${String(tag)}"`).join(', ');
  return [
    `${invalid.length === 1 ? 'This tag is' : 'These tags are'} not valid: ${listed}. Tags ${FIELD_FORMAT_ADVICE.tag}.`,
  ];
}

/** Refs a picker stores are full refs; a typed one that does not parse is refused. */
export function entityRefProblems(value: unknown, options: Record<string, unknown>): string[] {
  const values = Array.isArray(value) ? value : [value];
  const defaults = {
    defaultKind: impliedKind(safePredicate(options), options.defaultKind),
    defaultNamespace:
      typeof options.defaultNamespace === 'string' ? options.defaultNamespace : undefined,
  };
  const problems: string[] = [];
  for (const item of values) {
    if (item === undefined || item === '') continue;
    if (typeof item !== 'string' || !toFullEntityRef(item, defaults)) {
      problems.push(
        `"${String(item)}" is not an entity reference: write it as kind:namespace/name, e.g. group:default/team-a.`,
      );
    }
  }
  return problems;
}

export function repoUrlFieldProblems(
  value: unknown,
  options: Record<string, unknown>,
  context: FieldValidationContext,
): string[] {
  if (value === undefined || value === '') return [];
  const problems = repoUrlProblems(
    readRepoUrlValue(value),
    readRepoUrlRules(options),
    context.targets,
  );
  return [problems.host, problems.owner, problems.repo].filter(
    (problem): problem is string => problem !== undefined,
  );
}

function safePredicate(options: Record<string, unknown>) {
  try {
    return pickerPredicate(options);
  } catch {
    return undefined;
  }
}

export const fieldValidators: Record<string, FieldValidator> = {
  EntityNamePicker: entityNameProblems,
  EntityTagsPicker: tagProblems,
  EntityPicker: entityRefProblems,
  OwnerPicker: (value, options) => entityRefProblems(value, { defaultKind: 'Group', ...options }),
  MultiEntityPicker: entityRefProblems,
  RepoUrlPicker: repoUrlFieldProblems,
};

/** Where a problem goes: the path of the field in the form data. */
export type AddFieldError = (path: ReadonlyArray<string | number>, message: string) => void;

/**
 * Walks the uiSchema beside the form data and runs the validator of every custom field that has
 * a value, in nested objects and array items too.
 */
export function validateCustomFields(
  formData: unknown,
  uiSchema: unknown,
  context: FieldValidationContext,
  addError: AddFieldError,
  path: ReadonlyArray<string | number> = [],
): void {
  if (!isObject(uiSchema)) return;
  const field = uiSchema['ui:field'];
  const validator = typeof field === 'string' ? fieldValidators[field] : undefined;
  if (validator) {
    const options = isObject(uiSchema['ui:options']) ? uiSchema['ui:options'] : {};
    for (const message of validator(formData, options, context)) addError(path, message);
    return;
  }
  if (Array.isArray(formData) && isObject(uiSchema.items)) {
    formData.forEach((item, index) =>
      validateCustomFields(item, uiSchema.items, context, addError, [...path, index]),
    );
    return;
  }
  if (!isObject(formData)) return;
  for (const [key, child] of Object.entries(uiSchema)) {
    if (key.startsWith('ui:') || !(key in formData)) continue;
    validateCustomFields(formData[key], child, context, addError, [...path, key]);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
