import { describe, expect, it } from 'vitest';
import { aComponent } from '../test/entities';
import { applyEntityDefaults } from './applyEntityDefaults';

describe('applyEntityDefaults', () => {
  it('fills in the default namespace without touching the input', () => {
    const input = aComponent();
    expect(applyEntityDefaults(input).metadata.namespace).toBe('default');
    expect(input.metadata.namespace).toBeUndefined();
  });

  it('keeps a namespace that is set, and can use another default', () => {
    const input = aComponent({ metadata: { namespace: 'ops' } });
    expect(applyEntityDefaults(input)).toBe(input);
    expect(applyEntityDefaults(aComponent(), { namespace: 'team' }).metadata.namespace).toBe(
      'team',
    );
  });
});
