import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION } from '@callboard/catalog-model';
import type { Origin } from './rules';

/** How long a location's source (registered or config) is trusted without asking again. */
const originCacheMs = 30_000;

/**
 * Where entities come from: the location they name (origin first), and whether it is a config
 * location. Sources are cached for a while, since a batch holds many entities of one location.
 */
export function createOriginLookup(
  originSource: (type: string, target: string) => Promise<'api' | 'config'>,
): (entity: unknown) => Promise<Origin> {
  const cache = new Map<string, { source: 'api' | 'config'; at: number }>();
  return async entity => {
    const annotations =
      (entity as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations ??
      {};
    const ref = annotations[ANNOTATION_ORIGIN_LOCATION] ?? annotations[ANNOTATION_LOCATION] ?? '';
    const colon = ref.indexOf(':');
    const type = ref.slice(0, colon);
    const target = ref.slice(colon + 1);
    const cached = cache.get(ref);
    if (cached && Date.now() - cached.at < originCacheMs) {
      return { type, target, source: cached.source };
    }
    const source = type === 'file' ? 'config' : await originSource(type, target);
    cache.set(ref, { source, at: Date.now() });
    return { type, target, source };
  };
}
