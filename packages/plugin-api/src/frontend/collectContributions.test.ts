import { describe, expect, it } from 'vitest';
import { definePlugin } from './definePlugin';
import { collectContributions } from './PluginRegistry';

const Card = () => null;

describe('collectContributions', () => {
  it('orders explicit orders first, then keeps plugin-list order', () => {
    const a = definePlugin({
      id: 'a',
      contributions: {
        'entity.cards': [
          { id: 'a-late', component: Card },
          { id: 'a-first', order: 1, component: Card },
        ],
      },
    });
    const b = definePlugin({
      id: 'b',
      contributions: {
        'entity.cards': [
          { id: 'b-plain', component: Card },
          { id: 'b-second', order: 2, component: Card },
        ],
      },
    });
    expect(collectContributions([a, b], 'entity.cards').map(c => c.id)).toEqual([
      'a-first',
      'b-second',
      'a-late',
      'b-plain',
    ]);
    expect(collectContributions([a, b], 'entity.tabs')).toEqual([]);
  });
});
