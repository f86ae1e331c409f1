import { definePlugin, lazyNamed } from '@callboard/plugin-api/frontend';
import { IconSquareRoundedPlus } from '@tabler/icons-react';
import { scaffolderPluginId } from '../common';

/**
 * The scaffolder in the browser: the template gallery, a template's form (a stepper generated
 * from its parameters, then a review), a task's live progress and output, and the task list.
 */
export const scaffolderPlugin = definePlugin({
  id: scaffolderPluginId,
  routes: [
    {
      path: '/create',
      component: lazyNamed(() => import('./templateList/TemplateListPage'), 'TemplateListPage'),
    },
    {
      path: '/create/templates/:namespace/:name',
      component: lazyNamed(() => import('./wizard/TemplateWizardPage'), 'TemplateWizardPage'),
    },
    {
      path: '/create/tasks',
      component: lazyNamed(() => import('./tasks/TaskListPage'), 'TaskListPage'),
    },
    {
      path: '/create/tasks/:taskId',
      component: lazyNamed(() => import('./tasks/TaskPage'), 'TaskPage'),
    },
  ],
  nav: [{ title: 'Create', to: '/create', icon: IconSquareRoundedPlus, order: 30 }],
});
