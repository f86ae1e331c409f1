/** The namespace of every entity that does not name one. */
export const DEFAULT_NAMESPACE = 'default';
