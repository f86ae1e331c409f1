// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotFoundError, ServiceUnavailableError } from '@callboard/plugin-api/common';
import { EntityRefLink } from './EntityRefLink';
import { ExternalLink } from './ExternalLink';
import { QueryError } from './QueryError';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe('@callboard/ui', () => {
  let container: HTMLElement;
  let root: Root;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
  });

  async function render(node: ReactNode) {
    await act(async () => {
      root.render(
        <MantineProvider>
          <QueryClientProvider client={new QueryClient()}>
            <MemoryRouter>{node}</MemoryRouter>
          </QueryClientProvider>
        </MantineProvider>,
      );
    });
  }

  it('QueryError shows the server’s message and status, and retries on demand', async () => {
    const error = Object.assign(new ServiceUnavailableError('The catalog is starting'), {
      statusCode: 503,
    });
    const retry = vi.fn();
    await render(<QueryError title="Could not load the catalog" error={error} retry={retry} />);
    const alert = container.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Could not load the catalog');
    expect(alert?.textContent).toContain('The catalog is starting');
    expect(alert?.textContent).toContain('The server answered with HTTP 503.');
    const button = [...container.querySelectorAll('button')].find(b => b.textContent === 'Retry');
    await act(async () => button?.click());
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('QueryError shows the not-found variant for a 404 instead of an alert', async () => {
    await render(
      <QueryError
        title="Could not load this entity"
        error={new NotFoundError('No entity component:default/x')}
        notFound={<p>Entity not found</p>}
      />,
    );
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(container.querySelector('p')?.textContent).toBe('Entity not found');
  });

  it('ExternalLink links only http(s) addresses, in a new tab without an opener', async () => {
    await render(
      <>
        <ExternalLink href="https://example.com/docs">docs</ExternalLink>
        <ExternalLink href="javascript:alert(1)">run me</ExternalLink>
      </>,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map(a => [a.getAttribute('href'), a.target, a.rel])).toEqual([
      ['https://example.com/docs', '_blank', 'noopener noreferrer'],
    ]);
    expect(container.textContent).toContain(
      'javascript:alert(1): not a web address, so not linked',
    );
  });

  it('EntityRefLink links a ref to its page, short-named, and shows a broken ref as text', async () => {
    await render(
      <>
        <EntityRefLink entityRef="group:default/team-a" defaultKind="group" />
        <EntityRefLink entityRef="::broken" />
      </>,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map(a => [a.getAttribute('href'), a.textContent])).toEqual([
      ['/catalog/default/group/team-a', 'team-a'],
    ]);
    expect(container.textContent).toContain('::broken');
  });
});
