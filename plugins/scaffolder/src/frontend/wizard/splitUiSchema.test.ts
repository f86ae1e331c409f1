import { describe, expect, it } from 'vitest';
import { splitUiSchema } from './splitUiSchema';

describe('splitUiSchema', () => {
  it('moves inline ui:* keys of each property into a uiSchema of the same shape', () => {
    const { schema, uiSchema } = splitUiSchema({
      title: 'Basics',
      'ui:order': ['owner', 'name'],
      required: ['name'],
      properties: {
        name: {
          type: 'string',
          title: 'Name',
          'ui:autofocus': true,
          'ui:help': 'Lower-case, dashes allowed',
          'ui:field': 'EntityNamePicker',
        },
        owner: {
          type: 'string',
          'ui:field': 'OwnerPicker',
          'ui:options': { catalogFilter: { kind: 'Group' } },
        },
        plain: { type: 'string' },
      },
    });
    expect(schema).toEqual({
      title: 'Basics',
      required: ['name'],
      properties: {
        name: { type: 'string', title: 'Name' },
        owner: { type: 'string' },
        plain: { type: 'string' },
      },
    });
    expect(uiSchema).toEqual({
      'ui:order': ['owner', 'name'],
      name: {
        'ui:autofocus': true,
        'ui:help': 'Lower-case, dashes allowed',
        'ui:field': 'EntityNamePicker',
      },
      owner: { 'ui:field': 'OwnerPicker', 'ui:options': { catalogFilter: { kind: 'Group' } } },
    });
  });

  it('descends into nested objects and array items', () => {
    const { schema, uiSchema } = splitUiSchema({
      properties: {
        database: {
          type: 'object',
          'ui:options': { collapsible: true },
          properties: { password: { type: 'string', 'ui:widget': 'password' } },
        },
        owners: {
          type: 'array',
          'ui:options': { orderable: false },
          items: { type: 'string', 'ui:field': 'OwnerPicker' },
        },
      },
    });
    expect(schema).toEqual({
      properties: {
        database: { type: 'object', properties: { password: { type: 'string' } } },
        owners: { type: 'array', items: { type: 'string' } },
      },
    });
    expect(uiSchema).toEqual({
      database: { 'ui:options': { collapsible: true }, password: { 'ui:widget': 'password' } },
      owners: { 'ui:options': { orderable: false }, items: { 'ui:field': 'OwnerPicker' } },
    });
  });

  it('collects keys under dependencies and oneOf at the level of the object they extend', () => {
    const { schema, uiSchema } = splitUiSchema({
      properties: {
        kind: { type: 'string', enum: ['library', 'service'], 'ui:widget': 'radio' },
      },
      dependencies: {
        kind: {
          oneOf: [
            {
              properties: {
                kind: { const: 'service' },
                port: { type: 'number', 'ui:placeholder': '8080' },
              },
            },
            {
              properties: {
                kind: { const: 'library' },
                registry: { type: 'string', 'ui:widget': 'textarea' },
              },
            },
          ],
        },
        other: ['kind'],
      },
      oneOf: [{ properties: { lorem: { type: 'string', 'ui:readonly': true } } }],
    });
    expect(uiSchema).toEqual({
      kind: { 'ui:widget': 'radio' },
      port: { 'ui:placeholder': '8080' },
      registry: { 'ui:widget': 'textarea' },
      lorem: { 'ui:readonly': true },
    });
    expect(JSON.stringify(schema)).not.toContain('ui:');
    expect(schema.dependencies).toMatchObject({ other: ['kind'] });
  });

  it('merges keys a property has in several branches', () => {
    const { uiSchema } = splitUiSchema({
      properties: { a: { type: 'string', 'ui:help': 'first' } },
      anyOf: [{ properties: { a: { 'ui:placeholder': 'second' } } }],
    });
    expect(uiSchema).toEqual({ a: { 'ui:help': 'first', 'ui:placeholder': 'second' } });
  });

  it('moves RJSF 4’s enumNames into ui:enumNames, without overriding one that is there', () => {
    const { schema, uiSchema } = splitUiSchema({
      properties: {
        kind: { type: 'string', enum: ['svc', 'lib'], enumNames: ['Service', 'Library'] },
        both: { enum: ['a'], enumNames: ['A'], 'ui:enumNames': ['Chosen'] },
      },
    });
    expect(schema.properties).toEqual({
      kind: { type: 'string', enum: ['svc', 'lib'] },
      both: { enum: ['a'] },
    });
    expect(uiSchema).toEqual({
      kind: { 'ui:enumNames': ['Service', 'Library'] },
      both: { 'ui:enumNames': ['Chosen'] },
    });
  });

  it('leaves the template schema untouched', () => {
    const input = { properties: { a: { type: 'string', 'ui:widget': 'textarea' } } };
    const copy = structuredClone(input);
    splitUiSchema(input);
    expect(input).toEqual(copy);
  });
});
