export {
  aboutInfoSchema,
  aboutRoutes,
  scheduledTaskStateSchema,
  type AboutInfo,
  type ScheduledTaskState,
} from './api';
export const aboutPluginId = 'about';
