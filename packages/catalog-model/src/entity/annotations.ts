/**
 * Well-known annotation keys. The catalog sets the `managed-by-*`, `view-url`, `edit-url`,
 * `source-location` and `orphan` annotations itself (an author's own `view-url`, `edit-url` or
 * `source-location` wins); the others are written by authors and read by plugins.
 */

/** Location ref (`<type>:<target>`) of the file the entity was read from. */
export const ANNOTATION_LOCATION = 'backstage.io/managed-by-location';
/** Location ref of the registered root location whose processing led to this entity. */
export const ANNOTATION_ORIGIN_LOCATION = 'backstage.io/managed-by-origin-location';
/** `url:` location ref of the entity's source folder (ends with `/`). */
export const ANNOTATION_SOURCE_LOCATION = 'backstage.io/source-location';
/** URL to view the entity's descriptor file. */
export const ANNOTATION_VIEW_URL = 'backstage.io/view-url';
/** URL to edit the entity's descriptor file in its SCM. */
export const ANNOTATION_EDIT_URL = 'backstage.io/edit-url';
/** Exactly `"true"` when no location emits the entity any more. */
export const ANNOTATION_ORPHAN = 'backstage.io/orphan';
/** Where the entity's docs live: `dir:<path relative to the entity file>` or `url:<tree URL>`. */
export const ANNOTATION_TECHDOCS_REF = 'backstage.io/techdocs-ref';
/** Ref of another entity whose docs this entity shows. */
export const ANNOTATION_TECHDOCS_ENTITY = 'backstage.io/techdocs-entity';
/** `owner/repo` on GitHub. */
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';
/** Value matched against the `backstage.io/kubernetes-id` label of Kubernetes objects. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const ANNOTATION_KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';
export const ANNOTATION_KUBERNETES_LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';
/** Kubernetes cluster connection details, on a Resource of type `kubernetes-cluster`. */
export const ANNOTATION_KUBERNETES_API_SERVER = 'kubernetes.io/api-server';
export const ANNOTATION_KUBERNETES_API_SERVER_CA = 'kubernetes.io/api-server-certificate-authority';
export const ANNOTATION_KUBERNETES_AUTH_PROVIDER = 'kubernetes.io/auth-provider';

/**
 * What the catalog puts in `view-url` / `edit-url` instead of a `javascript:` URL, so a link in
 * the UI can never run script.
 */
export const REJECTED_ANNOTATION_URL =
  'https://backstage.io/annotation-rejected-for-security-reasons';
