import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/**
 * Markdown (GitHub's flavour) to HTML that is safe to put in the page. A template's output text
 * is rendered from form values, so it may carry anything a user typed: raw HTML is dropped
 * (remark-rehype's default) and the result is sanitized with GitHub's allow-list, which removes
 * scripts, event handlers and `javascript:` URLs.
 */
const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype)
  .use(rehypeSanitize)
  .use(rehypeStringify);

export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}
