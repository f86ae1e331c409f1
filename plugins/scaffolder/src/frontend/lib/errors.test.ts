import { InputError } from '@callboard/plugin-api/common';
import { describe, expect, it } from 'vitest';
import { describeValidationProblem, sentence, TaskValidationError } from './errors';

describe('TaskValidationError.fromBody', () => {
  it('reads Backstage’s bare {errors} body from jsonschema, one line per problem', () => {
    const error = TaskValidationError.fromBody(400, {
      errors: [
        {
          property: 'instance.summary',
          message: 'requires property "summary"',
          stack: 'instance.summary requires property "summary"',
        },
        { property: 'instance', message: 'is not allowed to have the additional property "x"' },
      ],
    });
    expect(error).toBeInstanceOf(InputError);
    expect(error?.statusCode).toBe(400);
    expect(error?.problems).toEqual([
      'summary: requires property "summary"',
      'is not allowed to have the additional property "x"',
    ]);
    expect(error?.message).toBe('The template refused 2 values.');
  });

  it('takes the summary from an error body that carries errors beside it', () => {
    const error = TaskValidationError.fromBody(400, {
      error: { name: 'InputError', message: 'Parameters do not match the template' },
      errors: [{ instancePath: '/repoUrl', message: 'must be string' }],
      response: { statusCode: 400 },
    });
    expect(error?.message).toBe('Parameters do not match the template');
    expect(error?.problems).toEqual(['repoUrl: must be string']);
  });

  it('is undefined for other bodies', () => {
    expect(TaskValidationError.fromBody(400, { error: { message: 'x' } })).toBeUndefined();
    expect(TaskValidationError.fromBody(400, { errors: [] })).toBeUndefined();
    expect(TaskValidationError.fromBody(500, 'oops')).toBeUndefined();
  });
});

describe('describeValidationProblem', () => {
  it('copes with strings, stacks only, and anything else', () => {
    expect(describeValidationProblem('plain')).toBe('plain');
    expect(describeValidationProblem({ stack: 'instance.a is wrong' })).toBe('instance.a is wrong');
    expect(describeValidationProblem({ odd: 1 })).toBe('{"odd":1}');
  });
});

describe('sentence', () => {
  it('capitalises and ends with a full stop once', () => {
    expect(sentence('no such template')).toBe('No such template.');
    expect(sentence('Done!')).toBe('Done!');
    expect(sentence('')).toBe('');
  });
});
