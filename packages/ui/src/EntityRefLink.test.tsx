// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EntityRefLink } from './EntityRefLink';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;
const asked: string[][] = [];

/** The catalog's `POST /entities/by-refs`, holding only `user:default/ada`. */
function catalogHolding(refs: string[]) {
  return vi.fn(async (_url: string, init?: RequestInit) => {
    const { entityRefs } = JSON.parse(String(init?.body)) as { entityRefs: string[] };
    asked.push(entityRefs);
    const items = entityRefs.map(ref => (refs.includes(ref) ? { kind: 'User' } : null));
    return new Response(JSON.stringify({ items }), {
      headers: { 'content-type': 'application/json' },
    });
  });
}

beforeEach(() => {
  asked.length = 0;
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  vi.stubGlobal('fetch', catalogHolding(['user:default/ada']));
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  vi.unstubAllGlobals();
});

/** The text shown (Mantine puts its style elements in the container too). */
const shown = () =>
  [...container.children]
    .filter(element => element.tagName !== 'STYLE')
    .map(element => element.textContent)
    .join('');

async function render(entityRef: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  await act(async () => {
    root.render(
      <MantineProvider>
        <QueryClientProvider client={client}>
          <MemoryRouter>
            <EntityRefLink entityRef={entityRef} defaultKind="user" onlyIfInCatalog />
          </MemoryRouter>
        </QueryClientProvider>
      </MantineProvider>,
    );
  });
  // Until the catalog has answered.
  await act(async () => {
    await vi.waitFor(() => expect(asked.length).toBe(1));
  });
}

describe("a task's creator", () => {
  it('is plain text when the catalog has no such user (the guest)', async () => {
    await render('user:default/guest');
    expect(asked).toEqual([['user:default/guest']]);
    expect(container.querySelector('a')).toBeNull();
    expect(shown()).toBe('guest');
  });

  it('links to the user when the catalog holds it', async () => {
    await render('user:default/ada');
    await act(async () => {
      await vi.waitFor(() => expect(container.querySelector('a')).not.toBeNull());
    });
    expect(container.querySelector('a')?.getAttribute('href')).toBe('/catalog/default/user/ada');
    expect(shown()).toBe('ada');
  });
});
