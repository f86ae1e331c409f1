/** Where the portal shows a site, and where the docs API serves its files. */
export function siteAddresses(entity: { kind: string; namespace: string; name: string }) {
  const parts = [entity.namespace, entity.kind, entity.name].map(encodeURIComponent).join('/');
  return { siteBase: `/docs/${parts}`, filesBase: `/api/docs/sites/${parts}/files` };
}
