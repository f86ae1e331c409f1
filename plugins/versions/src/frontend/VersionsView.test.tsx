// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityVersions } from '../common';
import { VersionsView } from './VersionsView';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const running = (version: string) => ({
  version,
  commit: null,
  status: 'succeeded' as const,
  deployedAt: '2026-12-07T10:00:00.000Z',
  url: 'https://ci.example.com/runs/7',
});

const versions: EntityVersions = {
  entityRef: 'component:default/payments',
  environments: [
    {
      name: 'staging',
      tier: 'staging',
      current: running('2.0.0'),
      previous: null,
      targets: [{ target: null, current: running('2.0.0'), previous: null }],
    },
    {
      name: 'production',
      tier: 'production',
      current: running('1.1.0'),
      previous: running('1.0.0'),
      targets: [{ target: null, current: running('1.1.0'), previous: running('1.0.0') }],
    },
  ],
  releases: [
    {
      entityRef: 'component:default/payments',
      version: '2.0.0',
      commit: 'a'.repeat(40),
      date: null,
      url: null,
      source: 'tag',
      deployedTo: ['staging'],
    },
    {
      entityRef: 'component:default/payments',
      version: '0.9.0',
      commit: null,
      date: null,
      url: null,
      source: 'tag',
      deployedTo: [],
    },
  ],
  drift: ['production is 1 release behind staging'],
  releasesProblem: null,
};

let container: HTMLDivElement;
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

describe('the Versions tab', () => {
  it('shows each environment with its version, the drift and where each release runs', () => {
    act(() =>
      root.render(
        <MantineProvider>
          <VersionsView versions={versions} />
        </MantineProvider>,
      ),
    );
    const rows = [...container.querySelectorAll('tbody tr')].map(row =>
      [...row.querySelectorAll('td')].map(cell => cell.textContent?.trim()),
    );
    expect(rows[0]?.slice(0, 3)).toEqual(['stagingstaging', '—', '2.0.0succeededrun']);
    expect(rows[1]?.[4]).toBe('1.0.0');
    expect(rows.slice(2)).toEqual([
      ['2.0.0', 'aaaaaaaaaaaa', 'staging'],
      ['0.9.0', '—', 'nowhere'],
    ]);
    expect(container.textContent).toContain('production is 1 release behind staging');
  });

  it('says that nothing was reported yet', () => {
    act(() =>
      root.render(
        <MantineProvider>
          <VersionsView versions={{ ...versions, environments: [], releases: [], drift: [] }} />
        </MantineProvider>,
      ),
    );
    expect(container.textContent).toContain('No deployment reported yet');
    expect(container.textContent).toContain('No release known');
  });
});
