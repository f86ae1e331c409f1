/** The scaffolder's page paths, built in one place. */

/** `/create/templates/<namespace>/<name>`, with `?formData=…` to open it filled in. */
export function templateFormPath(
  namespace: string,
  name: string,
  values?: Record<string, unknown>,
): string {
  const base = `/create/templates/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  if (!values || Object.keys(values).length === 0) return base;
  return `${base}?${new URLSearchParams({ formData: JSON.stringify(values) }).toString()}`;
}

export function taskPagePath(taskId: string): string {
  return `/create/tasks/${encodeURIComponent(taskId)}`;
}

export const taskListPath = '/create/tasks';
export const galleryPath = '/create';
