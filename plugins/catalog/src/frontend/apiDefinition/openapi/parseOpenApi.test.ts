import { describe, expect, it } from 'vitest';
import { parseOpenApi } from './parseOpenApi';

describe('parseOpenApi', () => {
  it('accepts OpenAPI 3 in YAML or JSON and Swagger 2.0', () => {
    expect(
      parseOpenApi('openapi: 3.1.0\ninfo: { title: A, version: "1" }\npaths: {}\n'),
    ).toMatchObject({
      ok: true,
      version: '3',
    });
    expect(parseOpenApi('{"openapi": "3.0.3", "paths": {}}')).toMatchObject({ ok: true });
    expect(parseOpenApi("swagger: '2.0'\npaths: {}\n")).toMatchObject({ ok: true, version: '2.0' });
  });

  it('explains text that is not YAML, not an object, or not OpenAPI', () => {
    expect(parseOpenApi('info: [a: b: c')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not valid YAML or JSON') as string,
    });
    expect(parseOpenApi('- a\n- b\n')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not an object') as string,
    });
    expect(parseOpenApi('asyncapi: 2.6.0\n')).toMatchObject({
      ok: false,
      message: expect.stringContaining('neither') as string,
    });
    expect(
      parseOpenApi('openapi: 3.0.0\npaths:\n  /a: { $ref: "https://elsewhere.example/a.yaml" }\n'),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('https://elsewhere.example/a.yaml') as string,
    });
    expect(parseOpenApi('openapi: 4.0.0\n')).toMatchObject({
      ok: false,
      message: expect.stringContaining('openapi: "4.0.0"') as string,
    });
  });
});
