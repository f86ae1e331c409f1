import { queryOptions } from '@tanstack/react-query';
import { convertSwagger2OpenAPI } from 'redoc';
import { parseOpenApi } from './parseOpenApi';
import { catalogKeys } from '../../../common';

/**
 * The definition as an OpenAPI 3 object for Redoc. Swagger 2.0 is converted first (in the
 * browser, internal refs only). Rejects with a readable message when the text is not OpenAPI.
 * The query key holds the text itself, so an edited definition is parsed again.
 */
export function openApiSpecQuery(definition: string) {
  return queryOptions({
    queryKey: catalogKeys.derived('openapi', definition),
    queryFn: async (): Promise<Record<string, unknown>> => {
      const parsed = parseOpenApi(definition);
      if (!parsed.ok) throw new Error(parsed.message);
      const spec =
        parsed.version === '2.0'
          ? ((await convertSwagger2OpenAPI(parsed.spec)) as unknown as Record<string, unknown>)
          : parsed.spec;
      return withoutRemoteLogo(spec);
    },
    staleTime: Infinity,
    retry: false,
  });
}

/**
 * Redoc draws `info.x-logo.url` as an image: a request to whatever host the definition names.
 * The tab makes no requests outside the portal on its own, so the logo is dropped.
 */
function withoutRemoteLogo(spec: Record<string, unknown>): Record<string, unknown> {
  const info = spec.info;
  if (typeof info !== 'object' || info === null || !('x-logo' in info)) return spec;
  const { 'x-logo': _logo, ...rest } = info as Record<string, unknown>;
  return { ...spec, info: rest };
}
