import { Badge, Loader } from '@mantine/core';
import type { StepStatus, TaskStatus } from '../../common';
import { statusViews } from '../lib/statusView';

export function StatusBadge(props: { status: TaskStatus | StepStatus; size?: 'sm' | 'md' | 'lg' }) {
  const view = statusViews[props.status];
  return (
    <Badge
      color={view.color}
      variant="light"
      size={props.size ?? 'md'}
      leftSection={
        props.status === 'processing' ? <Loader size={10} color={view.color} aria-hidden /> : null
      }
    >
      {view.label}
    </Badge>
  );
}
