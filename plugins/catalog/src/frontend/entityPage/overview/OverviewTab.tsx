import type { Entity } from '@callboard/catalog-model';
import { Slot } from '@callboard/plugin-api/frontend';
import { Box, SimpleGrid, Text } from '@mantine/core';

/**
 * The overview tab: every `entity.cards` contribution that applies to this entity, in a grid of
 * two columns on wide screens; `size: 'full'` cards take a whole row.
 */
export function OverviewTab(props: { entity: Entity }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" verticalSpacing="lg">
      <Slot
        name="entity.cards"
        props={{ entity: props.entity }}
        wrap={(element, contribution) => (
          <Box
            style={{ gridColumn: contribution.size === 'full' ? '1 / -1' : undefined, minWidth: 0 }}
          >
            {element}
          </Box>
        )}
        empty={
          <Text c="dimmed" size="sm">
            No plugin shows anything about this entity yet.
          </Text>
        }
      />
    </SimpleGrid>
  );
}
