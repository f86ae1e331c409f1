// Builders for valid entities of each core kind; tests change the one field they are about.
type Doc = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
};

function build(kind: string, spec: Record<string, unknown>, apiVersion = 'backstage.io/v1alpha1') {
  return (
    overrides: { metadata?: Record<string, unknown>; spec?: Record<string, unknown> } = {},
  ): Doc => ({
    apiVersion,
    kind,
    metadata: { name: `my-${kind.toLowerCase()}`, ...overrides.metadata },
    spec: { ...spec, ...overrides.spec },
  });
}

export const aComponent = build('Component', {
  type: 'service',
  lifecycle: 'production',
  owner: 'team-a',
});
export const anApi = build('API', {
  type: 'openapi',
  lifecycle: 'production',
  owner: 'team-a',
  definition: 'openapi: 3.0.0',
});
export const aResource = build('Resource', { type: 'database', owner: 'team-a' });
export const aSystem = build('System', { owner: 'team-a' });
export const aDomain = build('Domain', { owner: 'team-a' });
export const aGroup = build('Group', { type: 'team', children: [] });
export const aUser = build('User', { memberOf: [] });
export const aLocation = build('Location', { targets: ['./a.yaml'] });
export const aTemplate = build(
  'Template',
  {
    type: 'service',
    steps: [{ id: 'fetch', action: 'fetch:template', input: { url: './skeleton' } }],
  },
  'scaffolder.backstage.io/v1beta3',
);
