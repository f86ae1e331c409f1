import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { InputError } from '@callboard/plugin-api/common';
import type { JsonSchemaObject } from '../../common';

// ajv-formats is CommonJS: under Node ESM its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule })
  .default ?? addFormatsModule) as typeof addFormatsModule;

/** `spec.parameters` as form pages: one JSON Schema object, or an array of them. */
export function parameterPages(parameters: unknown): JsonSchemaObject[] {
  if (parameters === undefined || parameters === null) return [];
  const pages = Array.isArray(parameters) ? parameters : [parameters];
  return pages.filter(
    (page): page is JsonSchemaObject =>
      typeof page === 'object' && page !== null && !Array.isArray(page),
  );
}

/** A JSON Schema failure, in the shape Backstage's scaffolder answers (`{errors: [...]}`). */
export interface ParameterError {
  path: string;
  property: string;
  message: string;
  name: string;
  argument?: unknown;
  stack: string;
}

/**
 * Validates form values against every page. Templates carry `ui:*` and other unknown keys in
 * their schemas, so validation is not strict about keywords; formats are checked.
 */
export function createParameterValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);

  const toError = (error: ErrorObject): ParameterError => {
    const field =
      error.keyword === 'required'
        ? `${error.instancePath}/${String((error.params as { missingProperty: string }).missingProperty)}`
        : error.instancePath;
    const property = `instance${field
      .split('/')
      .filter(Boolean)
      .map(part => `.${part}`)
      .join('')}`;
    const message =
      error.keyword === 'required'
        ? `requires property "${String((error.params as { missingProperty: string }).missingProperty)}"`
        : (error.message ?? 'is not valid');
    return {
      path: field,
      property,
      message,
      name: error.keyword,
      argument: error.params,
      stack: `${property} ${message}`,
    };
  };

  return {
    /** Throws `InputError` listing every failure; its response carries Backstage's `errors` array. */
    validate(pages: JsonSchemaObject[], values: Record<string, unknown>, what = 'values'): void {
      const errors: ParameterError[] = [];
      for (const page of pages) {
        let validate;
        try {
          validate = ajv.compile(page);
        } catch (error) {
          throw new InputError(
            `The template's parameter schema "${String(page.title ?? 'untitled')}" is not valid JSON Schema: ${(error as Error).message}`,
          );
        }
        if (!validate(values)) errors.push(...(validate.errors ?? []).map(toError));
      }
      if (errors.length > 0) {
        const failure = new InputError(
          `The ${what} are not valid: ${errors.map(error => error.stack).join('; ')}`,
        );
        failure.responseFields = { errors };
        throw failure;
      }
    },
  };
}
