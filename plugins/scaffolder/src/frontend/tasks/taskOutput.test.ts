import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../lib/renderMarkdown';
import { outputLinks, outputTexts } from './taskOutput';

describe('outputLinks', () => {
  it('links entity refs to their catalog page and URLs to the web', () => {
    expect(
      outputLinks({
        links: [
          { title: 'Repository', url: 'http://localhost:7007/git/team/svc.git', icon: 'github' },
          { title: 'Open in catalog', icon: 'catalog', entityRef: 'component:default/svc' },
          { entityRef: 'Component:Ops/Billing' },
        ],
      }),
    ).toEqual([
      {
        title: 'Repository',
        icon: 'github',
        href: 'http://localhost:7007/git/team/svc.git',
      },
      { title: 'Open in catalog', icon: 'catalog', to: '/catalog/default/component/svc' },
      { title: 'Component:Ops/Billing', icon: undefined, to: '/catalog/Ops/component/Billing' },
    ]);
  });

  it('never makes a link of a script URL or a ref that does not parse', () => {
    expect(
      outputLinks({
        links: [
          { title: 'x', url: 'javascript:alert(1)' },
          { title: 'y', entityRef: 'no-kind' },
          { title: 'hidden', url: 'https://x', if: false },
          { title: 'nothing' },
          'not an object',
        ],
      }),
    ).toEqual([
      { title: 'x', icon: undefined, text: 'javascript:alert(1)' },
      { title: 'y', icon: undefined, text: 'no-kind' },
    ]);
    expect(outputLinks(undefined)).toEqual([]);
  });
});

describe('outputTexts', () => {
  it('keeps text blocks with content', () => {
    expect(
      outputTexts({
        text: [
          { title: 'Next steps', content: '**Run** `npm test`', default: true },
          { title: 'Empty' },
        ],
      }),
    ).toEqual([
      { title: 'Next steps', icon: undefined, content: '**Run** `npm test`', default: true },
    ]);
  });
});

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured markdown', () => {
    const html = renderMarkdown('# Done\n\n- [x] repo\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h1>Done</h1>');
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
  });

  it('drops raw HTML, scripts, handlers and script URLs', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) <b onclick="x()">b</b>',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<img/i);
    expect(html).toContain('click');
  });
});
