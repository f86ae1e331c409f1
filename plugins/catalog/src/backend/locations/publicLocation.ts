import type { Location } from '../../common/locations';

/** A stored location as the API shows it (without where it came from). */
export function publicLocation(location: {
  id: string;
  type: string;
  target: string;
  entityRef: string;
}): Location {
  return {
    id: location.id,
    type: location.type,
    target: location.target,
    entityRef: location.entityRef,
  };
}
