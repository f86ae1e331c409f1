/** The languages the definition tab highlights; `plaintext` is shown as it is. */
export type DefinitionLanguage = 'yaml' | 'json' | 'graphql' | 'protobuf' | 'xml' | 'plaintext';

/**
 * The language a definition is written in, from the API's `spec.type` and, where the type
 * allows both, the text itself: OpenAPI and AsyncAPI come as YAML or JSON, gRPC as protobuf.
 * Unknown types are sniffed only for the unmistakable (a leading `{` or `<`).
 */
export function definitionLanguage(apiType: string, definition: string): DefinitionLanguage {
  const type = apiType.trim().toLowerCase();
  const start = definition.trimStart();
  const looksLikeJson = start.startsWith('{') || start.startsWith('[');
  switch (type) {
    case 'openapi':
    case 'asyncapi':
    case 'swagger':
      return looksLikeJson ? 'json' : 'yaml';
    case 'graphql':
      return 'graphql';
    case 'grpc':
    case 'protobuf':
    case 'proto':
      return 'protobuf';
    default:
      if (looksLikeJson) return 'json';
      if (start.startsWith('<')) return 'xml';
      return 'plaintext';
  }
}

/** How each language is named to people (badges, labels). */
export const languageLabels: Record<DefinitionLanguage, string> = {
  yaml: 'YAML',
  json: 'JSON',
  graphql: 'GraphQL SDL',
  protobuf: 'Protocol Buffers',
  xml: 'XML',
  plaintext: 'Plain text',
};
