// @callboard/ui: the pieces every plugin's pages share, so that they look and behave alike and
// no plugin draws its own error alert, link or filter. Frontend only (Mantine).
export { CodeBlock, CopyTextButton } from './CodeBlock';
export { DebouncedTextFilter, textFilterDebounceMs } from './DebouncedTextFilter';
export { EmptyState } from './EmptyState';
export { EntityKindBadge } from './EntityKindBadge';
export { EntityRefLink } from './EntityRefLink';
export { ExternalLink } from './ExternalLink';
export { LoadingLines } from './LoadingLines';
export { PageHeader } from './PageHeader';
export { QueryError, type QueryErrorProps } from './QueryError';
