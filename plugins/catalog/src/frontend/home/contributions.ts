import type { SlotContribution } from '@callboard/plugin-api/frontend';

/** The catalog's widgets on the home page. */
export const homeContributions: {
  widgets: Array<SlotContribution<'home.widgets'>>;
} = { widgets: [] };
