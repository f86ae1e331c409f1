import { definePlugin, type BackendInfo } from '@callboard/plugin-api/backend';
import { aboutPluginId, aboutRoutes } from '../common';
import { createAboutService } from './aboutService';

/** Serves facts about the running portal at `/api/about`. */
export const aboutPlugin = definePlugin<undefined, { info: BackendInfo }, void>({
  id: aboutPluginId,
  setup(context, deps) {
    const service = createAboutService({ info: deps.info });
    context.router.get(aboutRoutes.info, async (_req, res) => {
      res.json(await service.getInfo());
    });
  },
});
