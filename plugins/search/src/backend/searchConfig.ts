import { z } from 'zod';

/** `search:` in app-config. */
export const searchConfigSchema = z
  .object({
    pg: z
      .object({
        /** The text-search configuration: `english` stems; `simple` suits non-English docs. */
        analyzer: z.enum(['english', 'simple']).default('english'),
      })
      .default({ analyzer: 'english' }),
  })
  .default({ pg: { analyzer: 'english' } });

export type SearchConfig = z.infer<typeof searchConfigSchema>;
