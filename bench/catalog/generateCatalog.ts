/**
 * A realistic synthetic catalog of `total` entities: Groups and Users (an org), Systems and
 * APIs, and Components spread over them with owner, system, dependsOn, providesApis and
 * consumesApis, written as multi-document files behind one Location.
 */
export interface GeneratedCatalog {
  files: Record<string, string>;
  /** How many entities the files define (the Location entities not counted). */
  count: number;
  sampleComponentNames: string[];
}

const entitiesPerFile = 1_000;

export function generateCatalog(total: number): GeneratedCatalog {
  const groups = Math.max(2, Math.round(total / 100));
  const users = Math.max(2, Math.round(total / 20));
  const systems = Math.max(2, Math.round(total / 50));
  const apis = Math.max(2, Math.round(total / 10));
  const components = total - groups - users - systems - apis;
  const documents: string[] = [];
  const lifecycles = ['production', 'experimental', 'deprecated'];
  const types = ['service', 'website', 'library'];

  for (let g = 0; g < groups; g++) {
    const parent = g > 0 ? `\n  parent: group-${Math.floor((g - 1) / 5)}` : '';
    documents.push(
      doc('Group', `group-${g}`, `  type: team\n  children: []${parent}`, `Team number ${g}`),
    );
  }
  for (let u = 0; u < users; u++) {
    documents.push(
      doc(
        'User',
        `user-${u}`,
        `  memberOf: [group-${u % groups}]\n  profile:\n    displayName: User ${u}\n    email: user-${u}@example.com`,
      ),
    );
  }
  for (let s = 0; s < systems; s++) {
    documents.push(
      doc('System', `system-${s}`, `  owner: group-${s % groups}`, `System number ${s}`),
    );
  }
  for (let a = 0; a < apis; a++) {
    documents.push(
      doc(
        'API',
        `api-${a}`,
        `  type: openapi\n  lifecycle: production\n  owner: group-${a % groups}\n  system: system-${a % systems}\n  definition: |\n    openapi: 3.0.0\n    info:\n      title: API ${a}\n      version: 1.0.0\n    paths: {}`,
      ),
    );
  }
  const sampleComponentNames: string[] = [];
  for (let c = 0; c < components; c++) {
    const name = `component-${c}`;
    if (c % Math.max(1, Math.floor(components / 200)) === 0) sampleComponentNames.push(name);
    const dependsOn =
      c > 0
        ? `\n  dependsOn: [component:component-${c - 1}${c > 7 ? `, component:component-${c - 7}` : ''}]`
        : '';
    documents.push(
      doc(
        'Component',
        name,
        `  type: ${types[c % types.length]}\n  lifecycle: ${lifecycles[c % lifecycles.length]}\n  owner: group-${c % groups}\n  system: system-${c % systems}\n  providesApis: [api-${c % apis}]\n  consumesApis: [api-${(c * 7 + 3) % apis}]${dependsOn}`,
        `Component number ${c}, which does something useful`,
        [`lang-${['java', 'go', 'typescript', 'python'][c % 4]}`, `tier-${c % 3}`],
      ),
    );
  }

  const files: Record<string, string> = {
    'catalog-info.yaml':
      'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: generated-catalog\nspec:\n  targets:\n    - ./entities/*.yaml\n',
  };
  for (let index = 0; index * entitiesPerFile < documents.length; index++) {
    files[`entities/part-${String(index).padStart(4, '0')}.yaml`] = documents
      .slice(index * entitiesPerFile, (index + 1) * entitiesPerFile)
      .join('---\n');
  }
  return { files, count: documents.length, sampleComponentNames };
}

function doc(
  kind: string,
  name: string,
  spec: string,
  description?: string,
  tags?: string[],
): string {
  const meta = [`  name: ${name}`];
  if (description) meta.push(`  description: ${description}`);
  if (tags) meta.push(`  tags: [${tags.join(', ')}]`);
  return `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n${meta.join('\n')}\nspec:\n${spec}\n`;
}
