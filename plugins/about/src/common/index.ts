export {
  aboutInfoSchema,
  aboutRoutes,
  replicaStateSchema,
  scheduledTaskStateSchema,
  type AboutInfo,
  type ReplicaStateInfo,
  type ScheduledTaskState,
} from './api';
export const aboutPluginId = 'about';
