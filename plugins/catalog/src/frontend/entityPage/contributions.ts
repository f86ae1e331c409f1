import type { SlotContribution } from '@callboard/plugin-api/frontend';

/** The entity page's own tabs (overview, YAML) and overview cards. */
export const entityPageContributions: {
  tabs: Array<SlotContribution<'entity.tabs'>>;
  cards: Array<SlotContribution<'entity.cards'>>;
} = { tabs: [], cards: [] };
