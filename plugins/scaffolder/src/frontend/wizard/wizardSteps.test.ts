import { describe, expect, it } from 'vitest';
import { formDataParam, prepareSteps, readFormDataParam, secretFieldNames } from './wizardSteps';
import { templateFormPath } from '../lib/paths';

const steps = prepareSteps({
  title: 'Service',
  steps: [
    {
      title: 'Basics',
      schema: {
        title: 'Basics',
        description: 'About the service',
        required: ['name'],
        properties: {
          name: { type: 'string', 'ui:autofocus': true },
          token: { type: 'string', 'ui:field': 'Secret' },
        },
      },
    },
  ],
});

describe('prepareSteps', () => {
  it('splits ui keys out and leaves the page title to the stepper', () => {
    expect(steps).toEqual([
      {
        title: 'Basics',
        description: 'About the service',
        schema: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, token: { type: 'string' } },
        },
        uiSchema: { name: { 'ui:autofocus': true }, token: { 'ui:field': 'Secret' } },
      },
    ]);
  });
});

describe('formData in the URL', () => {
  const secrets = secretFieldNames(steps);

  it('round-trips values and never carries secrets', () => {
    expect([...secrets]).toEqual(['token']);
    const param = formDataParam({ name: 'svc', token: '****' }, secrets);
    expect(param).toBe('{"name":"svc"}');
    expect(readFormDataParam(new URLSearchParams({ formData: param }), secrets)).toEqual({
      name: 'svc',
    });
    expect(readFormDataParam(new URLSearchParams({ formData: '{"token":"*"}' }), secrets)).toEqual(
      {},
    );
  });

  it('ignores a formData that is not a JSON object', () => {
    for (const formData of ['nope', '[1]', 'null', '']) {
      expect(readFormDataParam(new URLSearchParams({ formData }), secrets)).toEqual({});
    }
  });

  it('builds the path back to a filled-in form', () => {
    expect(templateFormPath('default', 'svc')).toBe('/create/templates/default/svc');
    expect(templateFormPath('default', 'svc', { a: 1 })).toBe(
      '/create/templates/default/svc?formData=%7B%22a%22%3A1%7D',
    );
  });
});
