import { useParams } from 'react-router-dom';
import { DocsReader } from './DocsReader';

/** `/docs/:namespace/:kind/:name/*`: one entity's docs site, the page named by the rest. */
export function DocsReaderPage() {
  const params = useParams();
  const site = {
    namespace: params.namespace ?? '',
    kind: params.kind ?? '',
    name: params.name ?? '',
  };
  // The address the reader came by, so links and the nav keep it.
  const basePath = `/docs/${encodeURIComponent(site.namespace)}/${encodeURIComponent(
    site.kind,
  )}/${encodeURIComponent(site.name)}`;
  return <DocsReader site={site} basePath={basePath} urlPath={params['*'] ?? ''} standalone />;
}
