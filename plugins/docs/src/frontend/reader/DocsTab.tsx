import { DEFAULT_NAMESPACE, type Entity } from '@callboard/catalog-model';
import { entityPagePath } from '@callboard/plugin-catalog/common';
import { useParams } from 'react-router-dom';
import { DocsReader } from './DocsReader';

/** The Docs tab of an entity page: the reader, its pages under `<entity page>/docs/`. */
export function DocsTab(props: { entity: Entity }) {
  const site = {
    namespace: props.entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    kind: props.entity.kind,
    name: props.entity.metadata.name,
  };
  const urlPath = useParams()['*'] ?? '';
  return (
    <DocsReader site={site} basePath={entityPagePath(props.entity, 'docs')} urlPath={urlPath} />
  );
}
