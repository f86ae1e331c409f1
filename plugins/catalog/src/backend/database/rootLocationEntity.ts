import { createHash } from 'node:crypto';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  stringifyEntityRef,
} from '@callboard/catalog-model';

/**
 * The Location entity standing for a registered or config location, named as Backstage names it
 * (`generated-<sha1 of "type:target">`), so refs stay the same after a switch.
 */
export function rootLocationEntity(
  type: string,
  target: string,
): { entity: Entity; entityRef: string; locationKey: string } {
  const locationKey = `${type}:${target}`;
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: {
      name: `generated-${createHash('sha1').update(locationKey).digest('hex')}`,
      namespace: 'default',
      annotations: {
        [ANNOTATION_LOCATION]: locationKey,
        [ANNOTATION_ORIGIN_LOCATION]: locationKey,
      },
    },
    spec: { type, target },
  };
  return { entity, entityRef: stringifyEntityRef(entity), locationKey };
}
