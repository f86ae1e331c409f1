import { Anchor, Code, EmptyState } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router-dom';

/** A tab path that no installed plugin serves for this entity. */
export function TabNotFound(props: { tab: string; overviewPath: string }) {
  return (
    <EmptyState mt="lg" icon={<IconMapQuestion size={28} stroke={1.5} aria-hidden />}>
      <EmptyState.Title order={2}>No such tab</EmptyState.Title>
      <EmptyState.Description>
        This entity has no <Code>{props.tab}</Code> tab. The plugin that provides it may not be
        installed, or it does not apply to this kind of entity.{' '}
        <Anchor component={Link} to={props.overviewPath} inherit>
          Go to the overview
        </Anchor>
      </EmptyState.Description>
    </EmptyState>
  );
}
