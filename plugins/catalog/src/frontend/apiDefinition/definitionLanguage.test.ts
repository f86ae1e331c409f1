import { describe, expect, it } from 'vitest';
import { definitionLanguage } from './definitionLanguage';

describe('definitionLanguage', () => {
  it('reads OpenAPI and AsyncAPI as YAML, or JSON when the text is JSON', () => {
    expect(definitionLanguage('openapi', 'openapi: 3.0.0\n')).toBe('yaml');
    expect(definitionLanguage('openapi', '  {"openapi": "3.0.0"}')).toBe('json');
    expect(definitionLanguage('AsyncAPI', 'asyncapi: 2.6.0\n')).toBe('yaml');
  });

  it('reads GraphQL as SDL and gRPC as protobuf', () => {
    expect(definitionLanguage('graphql', 'type Query { a: Int }')).toBe('graphql');
    expect(definitionLanguage('grpc', 'syntax = "proto3";')).toBe('protobuf');
  });

  it('sniffs only the unmistakable for other types, else plain text', () => {
    expect(definitionLanguage('soap', '<definitions/>')).toBe('xml');
    expect(definitionLanguage('trpc', '{ "a": 1 }')).toBe('json');
    expect(definitionLanguage('trpc', 'router: a')).toBe('plaintext');
  });
});
