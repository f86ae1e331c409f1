import type { DeploymentStatus } from '../common';

/** One colour per deployment status, the same on the tab, the overview and the feed. */
export const deploymentStatusColors: Record<DeploymentStatus, string> = {
  succeeded: 'green',
  in_progress: 'blue',
  failed: 'red',
  rolled_back: 'orange',
};
