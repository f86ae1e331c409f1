import { describe, expect, it } from 'vitest';
import { withAppTitle } from './serveApp';

const page =
  '<!doctype html>\n<html>\n  <head>\n    <title>Callboard</title>\n  </head>\n  <body></body>\n</html>\n';

describe('withAppTitle', () => {
  it('leaves the page alone without a title', () => {
    expect(withAppTitle(page, undefined)).toBe(page);
  });

  it('writes the title and the meta tag the frontend reads, escaped as text', () => {
    const html = withAppTitle(page, `Acme <Portal> & "Co" 'x'`);
    const escaped = 'Acme &lt;Portal&gt; &amp; &quot;Co&quot; &#39;x&#39;';
    expect(html).toContain(`<title>${escaped}</title>`);
    expect(html).toContain(`<meta name="callboard:app-title" content="${escaped}" />`);
    expect(html).not.toContain('<Portal>');
    expect(html.indexOf('callboard:app-title')).toBeLessThan(html.indexOf('</head>'));
  });

  it("keeps a title's dollar signs as they are", () => {
    const html = withAppTitle(page, "Ops $& Co $' $1");
    expect(html).toContain('<title>Ops $&amp; Co $&#39; $1</title>');
    expect(html).toContain('content="Ops $&amp; Co $&#39; $1"');
  });
});
