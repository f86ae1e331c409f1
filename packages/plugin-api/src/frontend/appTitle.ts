import { appTitleMetaName } from '../common/appTitle';

const defaultTitle = 'Callboard';

/**
 * The portal's name: Backstage's `app.title`, which the backend puts into the page it serves
 * (no request, so the first paint already has it). Without it (Vite's dev server) "Callboard".
 */
export function appTitle(): string {
  if (typeof document === 'undefined') return defaultTitle;
  const content = document
    .querySelector(`meta[name="${appTitleMetaName}"]`)
    ?.getAttribute('content')
    ?.trim();
  return content || defaultTitle;
}

/** A document title: the page's own words, then the portal's name (`Catalog · Acme Portal`). */
export function pageTitle(...parts: string[]): string {
  return [...parts, appTitle()].join(' · ');
}
