// ESLint flat config. Besides the usual TypeScript rules it enforces the import
// boundaries of STYLE.md: the domain is pure, a plugin's frontend and backend
// never import each other, and other plugins are reached only through `/common`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const testFiles = ['**/*.test.ts', '**/*.test.tsx', '**/test/**', 'packages/test-utils/**'];

/** Restrict imports for the files matched by `files` (tests are exempt). */
function boundary(files, patterns) {
  return {
    files,
    ignores: testFiles,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

const nodeOnly = {
  regex: '^(node:|express$|knex$|pg$|pino|@electric-sql/|knex-pglite$)',
  message: 'Browser code must not import Node-only modules.',
};
const browserOnly = {
  regex: '^(react|react-dom|react-router|@tanstack/react-query|@mantine/|@tabler/)',
  message: 'Backend and common code must not import browser UI modules.',
};

const frontendRules = [
  nodeOnly,
  { regex: '(^|/)backend(/|$)', message: 'Frontend code must not import backend code.' },
  {
    regex: '^@callboard/plugin-api/backend$',
    message: 'Frontend code must not import the backend contract.',
  },
  {
    regex: '^@callboard/(backend|test-utils)$',
    message: 'Frontend code must not import the backend.',
  },
];
const backendRules = [
  browserOnly,
  { regex: '(^|/)frontend(/|$)', message: 'Backend code must not import frontend code.' },
  { regex: '^@callboard/app$', message: 'Backend code must not import the app.' },
];
// Inside plugins/, another plugin is reached only through its /common entry point.
const otherPluginSides = [
  {
    regex: '^@callboard/plugin-(?!api/)[^/]+/(?!common$)',
    message: 'Import another plugin only through @callboard/plugin-<id>/common.',
  },
];

/** The catalog's lower layers, and what each may not import (see the boundary below). */
const catalogPipeline = [
  {
    name: 'The catalog database layer',
    files: 'plugins/catalog/src/backend/database/**',
    refuses: [
      'processing',
      'stitching',
      'queries',
      'locations',
      'entities',
      'refresh',
      'router',
      'changes',
    ],
  },
  {
    name: 'Stitching',
    files: 'plugins/catalog/src/backend/stitching/**',
    refuses: ['processing', 'queries', 'locations', 'entities', 'refresh', 'router', 'changes'],
  },
  {
    name: 'Queries',
    files: 'plugins/catalog/src/backend/queries/**',
    refuses: ['processing', 'locations', 'entities', 'refresh', 'router', 'changes'],
  },
  {
    name: 'Processing',
    files: 'plugins/catalog/src/backend/processing/**',
    refuses: ['stitching', 'queries', 'locations', 'entities', 'refresh', 'router', 'changes'],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'test-results/**',
      '.callboard/**',
      // Template skeletons hold `${{ values.x }}` placeholders: not valid code until rendered.
      'examples/templates/*/skeleton/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE.md).' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Config files of the tools themselves must export a default.
    files: [
      'eslint.config.js',
      '**/vite.config.ts',
      'vitest.config.ts',
      'packages/test-utils/src/noSkipsUnderCi.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: [
      'packages/app/**',
      'plugins/*/src/frontend/**',
      'packages/plugin-api/src/frontend/**',
      'packages/ui/src/**',
    ],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Each file belongs to exactly one group below: flat config replaces rule options, it does not merge them.
  // The domain is pure: zod and its own files, nothing else.
  boundary(
    ['packages/catalog-model/src/**'],
    [{ regex: '^(?!zod$|\\.{1,2}/)', message: 'catalog-model is pure: it may import only zod.' }],
  ),
  // Common code is isomorphic; it never reaches into either side.
  boundary(
    ['packages/plugin-api/src/common/**', 'plugins/*/src/common/**'],
    [
      nodeOnly,
      browserOnly,
      ...otherPluginSides,
      {
        regex: '(^|/)(backend|frontend)(/|$)',
        message: 'common must not import backend or frontend code.',
      },
    ],
  ),
  // A plugin's frontend never imports its backend, Node modules, or another plugin's internals.
  boundary(['plugins/*/src/frontend/**'], [...frontendRules, ...otherPluginSides]),
  // The plugin contract stays free of a component library; shared UI lives in @callboard/ui.
  boundary(
    ['packages/plugin-api/src/frontend/**'],
    [
      ...frontendRules,
      {
        regex: '^(@mantine/|@tabler/)',
        message:
          'plugin-api stays free of the component library: shared UI belongs in @callboard/ui.',
      },
    ],
  ),
  boundary(['packages/app/src/**'], frontendRules),
  // Shared UI: frontend only, and it reaches the catalog only through its contract.
  boundary(['packages/ui/src/**'], [...frontendRules, ...otherPluginSides]),
  // A plugin's backend never imports its frontend or UI modules.
  {
    ...boundary(['plugins/*/src/backend/**'], [...backendRules, ...otherPluginSides]),
    ignores: [...testFiles, ...catalogPipeline.map(stage => stage.files)],
  },
  // Inside the catalog's backend, imports run one way along the pipeline: reading → processing →
  // database ← stitching ← queries. The data layer and the stitcher know nothing above them.
  ...catalogPipeline.map(stage =>
    boundary(
      [stage.files],
      [
        ...backendRules,
        ...otherPluginSides,
        {
          regex: `(^|/)\\.\\./(${stage.refuses.join('|')})(/|$)`,
          message: `${stage.name} must not import ${stage.refuses.join(', ')}: imports run one way along the catalog's pipeline.`,
        },
      ],
    ),
  ),
  boundary(
    ['packages/plugin-api/src/backend/**', 'packages/backend/src/**', 'packages/reading/src/**'],
    backendRules,
  ),
);
