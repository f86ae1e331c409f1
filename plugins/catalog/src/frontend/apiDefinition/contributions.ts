import type { SlotContribution } from '@callboard/plugin-api/frontend';

/** The API tab of API entities: the definition rendered for its type. */
export const apiDefinitionContributions: {
  tabs: Array<SlotContribution<'entity.tabs'>>;
} = { tabs: [] };
