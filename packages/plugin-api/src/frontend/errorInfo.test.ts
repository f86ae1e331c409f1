import { describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../common';
import { errorMessage, isNotFound, statusCodeOf } from './errorInfo';

describe('error info for views', () => {
  it('reads the status fetchApi attached, and tells "not found" apart', () => {
    const fromResponse = Object.assign(new InputError('bad'), { statusCode: 404 });
    expect(statusCodeOf(fromResponse)).toBe(404);
    expect(statusCodeOf(new Error('x'))).toBeUndefined();
    expect(statusCodeOf({ statusCode: '404' })).toBeUndefined();
    expect(isNotFound(fromResponse)).toBe(true);
    expect(isNotFound(new NotFoundError('gone'))).toBe(true);
    expect(isNotFound(Object.assign(new Error('x'), { statusCode: 500 }))).toBe(false);
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('plain')).toBe('plain');
  });
});
