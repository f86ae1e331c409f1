import { outputLinkSchema, outputTextSchema, type OutputLink, type OutputText } from '../../common';
import { entityRefPath } from '@callboard/plugin-catalog/common';
import { safeHttpUrl } from '@callboard/catalog-model';

/**
 * What a finished task shows from its rendered `spec.output`: links (to the web, or to an entity
 * in the catalog) and text blocks (markdown). Items whose `if` rendered false are dropped, as
 * are malformed ones; a link that is neither a web address nor an entity ref is kept as text.
 */
export interface OutputLinkView {
  title: string;
  icon?: string;
  /** Inside the portal: a catalog entity page. */
  to?: string;
  /** Outside: an http(s) URL. */
  href?: string;
  /** Neither: shown, not linked. */
  text?: string;
}

export interface OutputTextView {
  title: string;
  icon?: string;
  content: string;
  default: boolean;
}

export function outputLinks(output: Record<string, unknown> | undefined): OutputLinkView[] {
  return listOf(output?.links, outputLinkSchema).flatMap((link: OutputLink): OutputLinkView[] => {
    if (isHidden(link.if)) return [];
    if (link.entityRef) {
      const to = entityRefPath(link.entityRef);
      return [
        to
          ? { title: link.title || link.entityRef, icon: link.icon, to }
          : { title: link.title || link.entityRef, icon: link.icon, text: link.entityRef },
      ];
    }
    if (link.url) {
      const href = safeHttpUrl(link.url);
      return [
        href
          ? { title: link.title || link.url, icon: link.icon, href }
          : { title: link.title || link.url, icon: link.icon, text: link.url },
      ];
    }
    return [];
  });
}

export function outputTexts(output: Record<string, unknown> | undefined): OutputTextView[] {
  return listOf(output?.text, outputTextSchema).flatMap((text: OutputText): OutputTextView[] => {
    if (isHidden(text.if) || !text.content) return [];
    return [
      {
        title: text.title || 'Output',
        icon: text.icon,
        content: text.content,
        default: text.default === true,
      },
    ];
  });
}

/** A rendered `if` that is falsy (the server normally drops those already). */
function isHidden(condition: unknown): boolean {
  return condition === false || condition === 'false' || condition === '';
}

function listOf<T>(
  value: unknown,
  schema: { safeParse: (item: unknown) => { success: true; data: T } | { success: false } },
): T[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap(item => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
