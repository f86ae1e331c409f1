import escapeHtml from 'escape-html';

/**
 * The HTML of the built-in git server's browse views: a repository's folders and files, as the
 * forges show them, so the links the portal generates for a published repository (the
 * component's "Source" and "View file", the task's "Repository") open something a person can
 * read. Everything from the repository (names, contents) is escaped; the pages carry no script
 * and are served under a CSP that allows none.
 */

export interface BrowseEntry {
  name: string;
  kind: 'folder' | 'file';
  /** The link: `…/tree/<ref>/<path>/` or `…/blob/<ref>/<path>`. */
  href: string;
}

export interface BrowseContext {
  /** `acme/payments` */
  repository: string;
  /** The repository page, `<mount>/acme/payments.git`. */
  repositoryUrl: string;
  cloneUrl: string;
  ref: string;
  /** Path segments of the folder or file shown (empty for the root). */
  path: string[];
  /** The link of the folder at `path.slice(0, n)`, for the breadcrumbs. */
  treeHref: (path: string[]) => string;
}

/** Same-page styles only: the CSP allows this one inline style block and nothing else. */
export const browseStyles = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 2rem auto; max-width: 64rem; padding: 0 1rem; line-height: 1.5; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
  nav { margin: .5rem 0 1rem; overflow-wrap: anywhere; }
  code, pre { font-family: ui-monospace, monospace; font-size: .9rem; }
  pre { padding: 1rem; border: 1px solid #8884; border-radius: 6px; overflow: auto; }
  ul { list-style: none; padding: 0; border: 1px solid #8884; border-radius: 6px; }
  li { padding: .35rem .75rem; border-top: 1px solid #8882; }
  li:first-child { border-top: none; }
  .clone { margin: 1rem 0; }
  .muted { opacity: .7; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${browseStyles}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function header(context: BrowseContext): string {
  const crumbs = [
    `<a href="${escapeHtml(context.treeHref([]))}">${escapeHtml(context.repository)}</a>`,
    ...context.path.map((segment, index) =>
      index === context.path.length - 1
        ? `<strong>${escapeHtml(segment)}</strong>`
        : `<a href="${escapeHtml(context.treeHref(context.path.slice(0, index + 1)))}">${escapeHtml(segment)}</a>`,
    ),
  ];
  return `<h1><a href="${escapeHtml(context.repositoryUrl)}">${escapeHtml(context.repository)}</a></h1>
<p class="muted">A repository published by Callboard's scaffolder. On <code>${escapeHtml(context.ref)}</code>.</p>
<p class="clone">Clone it: <code>git clone ${escapeHtml(context.cloneUrl)}</code></p>
<nav aria-label="Path">${crumbs.join(' / ')}</nav>`;
}

/** A folder: its sub-folders first, then its files, each linked. */
export function folderPage(context: BrowseContext, entries: BrowseEntry[]): string {
  const sorted = [...entries].sort((a, b) =>
    a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1,
  );
  const items =
    sorted.length === 0
      ? '<li class="muted">This folder is empty.</li>'
      : sorted
          .map(
            entry =>
              `<li><a href="${escapeHtml(entry.href)}">${escapeHtml(entry.name)}${entry.kind === 'folder' ? '/' : ''}</a></li>`,
          )
          .join('\n');
  const where = context.path.length === 0 ? context.repository : context.path.join('/');
  return page(
    `${where} · ${context.repository}`,
    `${header(context)}\n<ul aria-label="Files">\n${items}\n</ul>`,
  );
}

/** A file: its text (or a note that it is binary or large), and a link to the raw bytes. */
export function filePage(
  context: BrowseContext,
  file: { content: Buffer; rawHref: string; tooLarge?: number },
): string {
  const body = file.tooLarge
    ? `<p>The file is ${file.tooLarge} bytes, too large to show here. <a href="${escapeHtml(file.rawHref)}">Download it</a>, or clone the repository.</p>`
    : file.content.includes(0)
      ? `<p>A binary file of ${file.content.length} bytes. <a href="${escapeHtml(file.rawHref)}">Download it</a>.</p>`
      : `<p><a href="${escapeHtml(file.rawHref)}">Raw</a></p>\n<pre>${escapeHtml(file.content.toString('utf8'))}</pre>`;
  return page(`${context.path.join('/')} · ${context.repository}`, `${header(context)}\n${body}`);
}
