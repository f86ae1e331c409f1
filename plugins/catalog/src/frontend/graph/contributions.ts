import type { SlotContribution } from '@callboard/plugin-api/frontend';

/** The dependency graph tab, and graph cards (the system-level graph). */
export const graphContributions: {
  tabs: Array<SlotContribution<'entity.tabs'>>;
  cards: Array<SlotContribution<'entity.cards'>>;
} = { tabs: [], cards: [] };
