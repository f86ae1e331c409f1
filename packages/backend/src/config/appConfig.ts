import { z } from 'zod';
import type { RootConfig } from '@callboard/plugin-api/backend';

const appConfigSchema = z
  .object({
    /** Backstage's `app.title`: the portal's name in the header and in every page title. */
    title: z.string().trim().min(1).max(100).optional(),
  })
  // Backstage configs carry other `app` keys (baseUrl, support, …) that the frontend shell
  // does not use: ignore them.
  .loose()
  .prefault({});

export interface AppConfig {
  title?: string;
}

/** Validates the `app.*` keys the backend serves to the frontend. */
export function readAppConfig(config: RootConfig): AppConfig {
  const raw = config.read('app', appConfigSchema);
  return raw.title === undefined ? {} : { title: raw.title };
}
