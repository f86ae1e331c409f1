import sanitizeHtml from 'sanitize-html';

/**
 * Where a link or an image of a page points, once resolved: the URL the portal serves, or
 * `undefined` to drop the attribute (the text stays).
 */
export type RewriteUrl = (url: string, kind: 'link' | 'image') => string | undefined;

const allowedTags = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'kbd'],
  ...['a', 'img', 'span', 'div', 'em', 'strong', 'b', 'i', 'u', 'del', 's', 'ins', 'mark', 'small'],
  ...['sup', 'sub', 'abbr', 'q', 'cite', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'details', 'summary'],
  ...['table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'],
  ...['figure', 'figcaption', 'section', 'article', 'aside', 'nav', 'header', 'footer', 'center'],
];

/** `text-align:left` (markdown-it's aligned table columns): a class, as the CSP allows no style. */
function alignmentClass(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const align =
    /text-align:\s*(left|right|center)/i.exec(attribs.style ?? '')?.[1] ?? attribs.align;
  const { style: _style, align: _align, ...rest } = attribs;
  return align ? { ...rest, class: `align-${align.toLowerCase()}` } : rest;
}

function withUrl(
  attribs: sanitizeHtml.Attributes,
  name: 'href' | 'src',
  kind: 'link' | 'image',
  rewrite: RewriteUrl,
): sanitizeHtml.Attributes {
  const { [name]: url, ...rest } = attribs;
  if (url === undefined) return rest;
  const rewritten = rewrite(url, kind);
  return rewritten === undefined ? rest : { ...rest, [name]: rewritten };
}

/**
 * The HTML of a rendered page reduced to an allow-list: text, structure, links and images only.
 * Scripts, styles, event handlers, `style` attributes, frames, forms and any URL scheme but
 * http(s) and mailto are dropped; raw HTML a page carries keeps its safe part. Links and images
 * (from Markdown or raw HTML alike) go through `rewrite`, so relative paths become the portal's.
 */
export function sanitizeDocsHtml(html: string, rewrite: RewriteUrl): string {
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: {
      '*': ['id', 'class', 'title', 'lang', 'dir'],
      a: ['href', 'rel'],
      img: ['src', 'alt', 'width', 'height', 'loading'],
      ol: ['start', 'reversed', 'type'],
      li: ['value'],
      th: ['colspan', 'rowspan', 'scope'],
      td: ['colspan', 'rowspan'],
      col: ['span'],
      details: ['open'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'template'],
    transformTags: {
      a: (tagName, attribs) => {
        const rewritten = withUrl(attribs, 'href', 'link', rewrite);
        const external = /^https?:/i.test(rewritten.href ?? '');
        return {
          tagName,
          attribs: external ? { ...rewritten, rel: 'noopener noreferrer' } : rewritten,
        };
      },
      img: (tagName, attribs) => ({
        tagName,
        attribs: { ...withUrl(attribs, 'src', 'image', rewrite), loading: 'lazy' },
      }),
      th: (tagName, attribs) => ({ tagName, attribs: alignmentClass(attribs) }),
      td: (tagName, attribs) => ({ tagName, attribs: alignmentClass(attribs) }),
      // A task list's checkbox becomes a drawn box: no form control reaches the page.
      input: (_tagName, attribs) => ({
        tagName: attribs.type === 'checkbox' ? 'span' : 'input',
        attribs: {
          class: attribs.checked === undefined ? 'task-list-box' : 'task-list-box checked',
        },
      }),
    },
  });
}
