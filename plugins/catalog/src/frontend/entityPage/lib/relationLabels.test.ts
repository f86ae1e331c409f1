import { describe, expect, it } from 'vitest';
import { compareRelationTypes, relationLabel } from './relationLabels';

describe('relationLabel', () => {
  it('names the catalog relation types in words', () => {
    expect(relationLabel('dependsOn')).toBe('Depends on');
    expect(relationLabel('providesApi')).toBe('Provides API');
    expect(relationLabel('ownedBy')).toBe('Owned by');
    expect(relationLabel('hasMember')).toBe('Has member');
  });

  it('turns unknown types into words too', () => {
    expect(relationLabel('deployedTo')).toBe('Deployed to');
    expect(relationLabel('runs-on_cluster')).toBe('Runs on cluster');
  });

  it('orders known types first, then the rest alphabetically', () => {
    expect(['zeta', 'dependsOn', 'alpha', 'ownedBy'].sort(compareRelationTypes)).toEqual([
      'ownedBy',
      'dependsOn',
      'alpha',
      'zeta',
    ]);
  });
});
