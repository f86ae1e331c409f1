import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadGatewayError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
  NotModifiedError,
  ServiceUnavailableError,
  errorForName,
  statusCodeForErrorName,
} from './errors';
import { errorFromResponse } from './errorBody';

describe('typed errors', () => {
  it.each([
    [InputError, 400],
    [AuthenticationError, 401],
    [NotAllowedError, 403],
    [NotFoundError, 404],
    [ConflictError, 409],
    [NotModifiedError, 304],
    [NotImplementedError, 501],
    [BadGatewayError, 502],
    [ServiceUnavailableError, 503],
  ])('%o carries its own name and maps to %i', (ErrorClass, status) => {
    const error = new ErrorClass('x');
    expect(error.name).toBe(ErrorClass.name);
    expect(error).toBeInstanceOf(Error);
    expect(statusCodeForErrorName(error.name)).toBe(status);
  });

  it('keeps its name when a minifier renames the class', () => {
    class Minified extends NotFoundError {}
    Object.defineProperty(Minified, 'name', { value: 'e' });
    expect(new Minified('x').name).toBe('NotFoundError');
  });

  it('maps unknown names to 500', () => {
    expect(statusCodeForErrorName('TypeError')).toBe(500);
    expect(statusCodeForErrorName('Error')).toBe(500);
  });

  it('rebuilds the typed error from a name', () => {
    expect(errorForName('NotFoundError', 'gone')).toBeInstanceOf(NotFoundError);
    const unknown = errorForName('DatabaseError', 'boom');
    expect(unknown.name).toBe('DatabaseError');
    expect(unknown.message).toBe('boom');
  });
});

describe('errorFromResponse', () => {
  it("turns Backstage's error body back into the typed error", () => {
    const body = {
      error: { name: 'ConflictError', message: 'Location url:x already exists' },
      request: { method: 'POST', url: '/api/catalog/locations' },
      response: { statusCode: 409 },
    };
    const error = errorFromResponse(409, body);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Location url:x already exists');
    expect(error.statusCode).toBe(409);
    expect(error.body).toEqual(body);
  });

  it("quotes the request id of an unexpected error, to find the server's log line", () => {
    const error = errorFromResponse(500, {
      error: { name: 'InternalServerError', message: 'Internal server error' },
      request: { method: 'GET', url: '/api/catalog/x', id: 'f2a9c1' },
      response: { statusCode: 500 },
    });
    expect(error.name).toBe('InternalServerError');
    expect(error.message).toBe('Internal server error (request id f2a9c1)');
    expect(error.body?.request?.id).toBe('f2a9c1');
  });

  it('still gives a useful error for a body that is not an error body', () => {
    const error = errorFromResponse(502, undefined, '<html>Bad gateway</html>');
    expect(error.statusCode).toBe(502);
    expect(error.message).toBe('Request failed with status 502: <html>Bad gateway</html>');
    expect(errorFromResponse(404, 'nope')).toBeInstanceOf(NotFoundError);
  });
});
