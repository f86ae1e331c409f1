import { describe, expect, it } from 'vitest';
import type { ImpactResponse } from '../common';
import {
  countByOwner,
  countByTier,
  impactCsv,
  impactFileName,
  impactMarkdown,
} from './impactExport';

const item = (overrides: Partial<ImpactResponse['items'][number]>) => ({
  entityRef: 'component:default/payments',
  environment: 'production',
  tier: 'production' as const,
  target: null,
  version: '2.3.0',
  deployedAt: '2026-12-07T20:00:00.000Z',
  owner: 'group:default/team-a',
  contacts: [
    { entityRef: 'group:default/team-a', type: 'email' as const, value: 'team-a@example.com' },
    {
      entityRef: 'group:default/team-a',
      type: 'chat' as const,
      annotation: 'slack.com/channel',
      value: '#team-a',
    },
  ],
  ...overrides,
});

const impact: ImpactResponse = {
  items: [
    item({}),
    item({ target: 'eu|west', version: '2.3.0-"rc"' }),
    item({ environment: 'staging', tier: 'staging', owner: null, contacts: [] }),
  ],
  unknown: [
    {
      environment: 'development',
      target: null,
      version: 'build-7',
      reason: 'the version is not semver',
    },
  ],
};

describe('the impact exports', () => {
  it('counts affected places per tier and per team', () => {
    expect(countByTier(impact.items)).toEqual([
      ['production', 2],
      ['staging', 1],
    ]);
    expect(countByOwner(impact.items)).toEqual([
      ['group:default/team-a', 2],
      ['(no owner)', 1],
    ]);
  });

  it('writes CSV with every field quoted and quotes doubled', () => {
    expect(impactCsv(impact).split('\r\n')).toEqual([
      '"entityRef","environment","tier","target","version","deployedAt","owner","contacts"',
      '"component:default/payments","production","production","","2.3.0","2026-12-07T20:00:00.000Z","group:default/team-a","team-a@example.com, #team-a"',
      '"component:default/payments","production","production","eu|west","2.3.0-""rc""","2026-12-07T20:00:00.000Z","group:default/team-a","team-a@example.com, #team-a"',
      '"component:default/payments","staging","staging","","2.3.0","2026-12-07T20:00:00.000Z","",""',
      '',
    ]);
  });

  it('writes Markdown with a table, escaped pipes and the unknown places', () => {
    expect(
      impactMarkdown({ entityRef: 'component:default/payments', range: '<2.3.1' }, impact),
    ).toBe(
      [
        '**component:payments** versions `<2.3.1`: 3 affected',
        '',
        '| Environment | Target | Version | Deployed | Owner | Contacts |',
        '| --- | --- | --- | --- | --- | --- |',
        '| production (production) | — | 2.3.0 | 2026-12-07T20:00:00.000Z | group:default/team-a | team-a@example.com, #team-a |',
        '| production (production) | eu\\|west | 2.3.0-"rc" | 2026-12-07T20:00:00.000Z | group:default/team-a | team-a@example.com, #team-a |',
        '| staging (staging) | — | 2.3.0 | 2026-12-07T20:00:00.000Z | — | — |',
        '',
        'Unknown:',
        '- development (build-7): the version is not semver',
        '',
      ].join('\n'),
    );
  });

  it('names the file after the component and the range', () => {
    expect(impactFileName('component:default/payments', '>=1.0.0 <1.4.2', 'csv')).toBe(
      'impact-component-payments-gte1.0.0-lt1.4.2.csv',
    );
  });
});
