import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import boundaries of STYLE.md are enforced by ESLint; this proves the rules bite, by
 * linting imports that must be refused in files that would sit at those paths.
 */
const eslint = new ESLint({
  cwd: resolve(import.meta.dirname, '..'),
  // The files are virtual, so the type-aware project service cannot see them; the boundary
  // rules do not need types.
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const x = 1;\n`, {
    filePath: resolve(import.meta.dirname, '..', filePath),
  });
  const fatal = result?.messages.find(m => m.fatal);
  if (fatal) throw new Error(`ESLint could not lint ${filePath}: ${fatal.message}`);
  return (result?.messages ?? [])
    .filter(m => m.ruleId === 'no-restricted-imports')
    .map(m => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['packages/catalog-model/src/x.ts', "import { readFileSync } from 'node:fs';", /pure/],
    ['packages/catalog-model/src/x.ts', "import { parse } from 'yaml';", /pure/],
    [
      'plugins/catalog/src/frontend/x.ts',
      "import { y } from '../backend/y';",
      /Frontend code must not import backend/,
    ],
    ['plugins/catalog/src/frontend/x.ts', "import { readFileSync } from 'node:fs';", /Node-only/],
    [
      'plugins/catalog/src/frontend/x.ts',
      "import { searchPlugin } from '@callboard/plugin-search/frontend';",
      /only through/,
    ],
    [
      'plugins/catalog/src/backend/x.ts',
      "import { y } from '../frontend/y';",
      /Backend code must not import frontend/,
    ],
    ['plugins/catalog/src/backend/x.ts', "import { useState } from 'react';", /browser UI/],
    [
      'plugins/search/src/backend/x.ts',
      "import { catalogPlugin } from '@callboard/plugin-catalog/backend';",
      /only through/,
    ],
    [
      'plugins/catalog/src/common/x.ts',
      "import { y } from '../backend/y';",
      /common must not import/,
    ],
    ['plugins/catalog/src/common/x.ts', "import express from 'express';", /Node-only/],
    [
      'packages/app/src/x.ts',
      "import { startBackend } from '@callboard/backend';",
      /must not import the backend/,
    ],
    [
      'packages/plugin-api/src/frontend/x.ts',
      "import { Alert } from '@mantine/core';",
      /free of the component library/,
    ],
    ['packages/ui/src/x.ts', "import { readFileSync } from 'node:fs';", /Node-only/],
    [
      'plugins/catalog/src/backend/database/x.ts',
      "import { y } from '../processing/y';",
      /imports run one way/,
    ],
    [
      'plugins/catalog/src/backend/stitching/x.ts',
      "import { y } from '../queries/y';",
      /imports run one way/,
    ],
    [
      'plugins/catalog/src/backend/queries/x.ts',
      "import { y } from '../processing/y';",
      /imports run one way/,
    ],
    [
      'plugins/catalog/src/backend/queries/x.ts',
      "import { y } from '../router/y';",
      /imports run one way/,
    ],
    [
      'plugins/catalog/src/backend/processing/x.ts',
      "import { y } from '../stitching/y';",
      /imports run one way/,
    ],
    [
      'plugins/catalog/src/backend/database/x.ts',
      "import { useState } from 'react';",
      /browser UI/,
    ],
    [
      'packages/ui/src/x.ts',
      "import { CatalogPage } from '@callboard/plugin-catalog/frontend';",
      /only through/,
    ],
  ])('refuses in %s: %s', async (file, source, message) => {
    const messages = await restrictedImports(file, source);
    expect(messages.join('\n')).toMatch(message);
  });

  it.each([
    ['packages/catalog-model/src/x.ts', "import { z } from 'zod';"],
    ['plugins/search/src/backend/x.ts', "import { x } from '@callboard/plugin-catalog/common';"],
    ['plugins/catalog/src/frontend/x.ts', "import { x } from '../common';"],
    ['packages/backend/src/x.ts', "import { aboutPlugin } from '@callboard/plugin-about/backend';"],
    ['packages/app/src/x.ts', "import { aboutPlugin } from '@callboard/plugin-about/frontend';"],
    ['packages/ui/src/x.ts', "import { entityPagePath } from '@callboard/plugin-catalog/common';"],
    ['plugins/scaffolder/src/frontend/x.ts', "import { QueryError } from '@callboard/ui';"],
    ['plugins/catalog/src/backend/stitching/x.ts', "import { y } from '../database/y';"],
    ['plugins/catalog/src/backend/processing/x.ts', "import { y } from '../database/y';"],
    ['plugins/catalog/src/backend/queries/x.ts', "import { y } from '../database/y';"],
  ])('allows in %s: %s', async (file, source) => {
    expect(await restrictedImports(file, source)).toEqual([]);
  });
});
