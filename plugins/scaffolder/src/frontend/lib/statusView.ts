import type { StepStatus, TaskStatus } from '../../common';

export interface StatusView {
  label: string;
  color: string;
}

/** How a task or step status reads on screen: words first, colour as a second cue. */
export const statusViews: Record<TaskStatus | StepStatus, StatusView> = {
  open: { label: 'Waiting', color: 'gray' },
  processing: { label: 'Running', color: 'blue' },
  completed: { label: 'Completed', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'orange' },
  skipped: { label: 'Skipped', color: 'gray' },
};
