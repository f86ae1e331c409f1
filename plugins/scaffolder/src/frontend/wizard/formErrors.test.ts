import type { RJSFValidationError } from '@rjsf/utils';
import { describe, expect, it } from 'vitest';
import { createCustomValidate, pageLevelErrors, transformErrors } from './formErrors';

function error(name: string, params: Record<string, unknown>, message = 'x'): RJSFValidationError {
  return { name, params, message, property: '.a', stack: message };
}

describe('transformErrors', () => {
  it('rewords Ajv’s messages for the field they show under', () => {
    expect(
      transformErrors([
        error('required', { missingProperty: 'name' }),
        error('pattern', { pattern: '^team\\d+$' }),
        error('minLength', { limit: 1 }),
        error('maxLength', { limit: 63 }),
        error('type', { type: 'integer' }),
        error('const', {}, 'must be equal to constant'),
      ]).map(item => item.message),
    ).toEqual([
      'This field is required.',
      'Must match the pattern ^team\\d+$.',
      'Must be at least 1 character.',
      'Must be at most 63 characters.',
      'Must be an integer.',
      'Must be equal to constant.',
    ]);
  });
});

describe('branch echoes', () => {
  it('drops the errors of oneOf branches not taken when a real error explains the refusal', () => {
    const errors = transformErrors([
      {
        name: 'pattern',
        params: { pattern: '^/' },
        message: 'x',
        property: '.healthPath',
        schemaPath: '#/dependencies/kind/oneOf/0/properties/healthPath/pattern',
        stack: 'x',
      },
      {
        name: 'const',
        params: {},
        message: 'must be equal to constant',
        property: '.kind',
        schemaPath: '#/dependencies/kind/oneOf/1/properties/kind/const',
        stack: 'x',
      },
      {
        name: 'oneOf',
        params: {},
        message: 'must match exactly one schema',
        property: '',
        stack: 'x',
      },
    ]);
    expect(errors.map(error => [error.property, error.message])).toEqual([
      ['.healthPath', 'Must match the pattern ^/.'],
    ]);
  });

  it('keeps them, reworded, when they are all there is', () => {
    const errors = transformErrors([
      {
        name: 'oneOf',
        params: {},
        message: 'must match exactly one schema',
        property: '',
        stack: 'x',
      },
    ]);
    expect(pageLevelErrors(errors)).toEqual([
      'These values do not fit any of the choices this template allows.',
    ]);
  });
});

describe('createCustomValidate', () => {
  it('adds each custom field’s problems to RJSF’s error tree, making nodes it lacks', () => {
    const messages: string[] = [];
    const root = {
      name: { __errors: [] as string[], addError: (message: string) => messages.push(message) },
    };
    const validate = createCustomValidate(() => ({}));
    const result = validate({ name: 'Not Valid!', nested: { tags: ['BAD'] } }, root as never, {
      name: { 'ui:field': 'EntityNamePicker' },
      nested: { tags: { 'ui:field': 'EntityTagsPicker' } },
    }) as unknown as { nested: { tags: { __errors: string[] } } };
    expect(messages).toEqual([expect.stringMatching(/cannot be an entity name/)]);
    expect(result.nested.tags.__errors).toEqual([expect.stringMatching(/This tag is not valid/)]);
  });
});
