import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumSkipReason,
  eventually,
  openBrowser,
  repositoryRoot,
  startStaticServer,
  startTestServer,
  type TestBrowser,
  type TestServer,
  type TestStaticServer,
} from '@callboard/test-utils';
import type { Page } from 'playwright-core';

/** The built app; `npm test` builds it before running vitest. */
const distDir = resolve(repositoryRoot, 'packages/app/dist');

const yaml = (...documents: string[]) => documents.map(d => d.trim()).join('\n---\n') + '\n';

/** The catalog the portal is configured with: an org, a system in a domain, its parts. */
const orgYaml = yaml(
  `
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata: { name: commerce, title: Commerce, description: Everything that takes money. }
spec: { owner: payments-team }`,
  `
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: checkout, title: Checkout, description: From cart to receipt. }
spec: { owner: payments-team, domain: commerce }`,
  `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-service
  title: Payments service
  description: Takes card payments and refunds them.
  tags: [java, payments]
  links:
    - { url: 'https://grafana.example.com/d/payments', title: Dashboard, icon: dashboard }
    - { url: 'javascript:alert(document.cookie)', title: Sneaky link }
spec:
  type: service
  lifecycle: production
  owner: payments-team
  system: checkout
  providesApis: [payments-api]
  dependsOn: [resource:payments-db]`,
  `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: checkout-web, description: The checkout pages. }
spec: { type: website, lifecycle: production, owner: payments-team, system: checkout }`,
  `
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: payments-api, description: Charge and refund. }
spec:
  type: openapi
  lifecycle: production
  owner: payments-team
  system: checkout
  definition: 'openapi: 3.0.0'`,
  `
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: payments-db, description: PostgreSQL for payments. }
spec: { type: database, owner: payments-team, system: checkout }`,
  `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: engineering }
spec: { type: department, children: [payments-team] }`,
  `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments-team, title: Payments team, description: We move money. }
spec: { type: team, parent: engineering, children: [] }`,
  `
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ada }
spec:
  profile: { displayName: Ada Lovelace, email: ada@example.com }
  memberOf: [payments-team]`,
  `
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: grace }
spec:
  profile: { displayName: Grace Hopper, email: grace@example.com, picture: 'javascript:alert(1)' }
  memberOf: [payments-team]`,
);

const component = (name: string, description: string, owner: string | number = 'payments-team') =>
  `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name}, description: ${description} }
spec: { type: library, lifecycle: experimental, owner: ${owner} }`;

describe.skipIf(chromiumSkipReason())('the entity page in Chromium', () => {
  let files: TestStaticServer;
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    if (!existsSync(join(distDir, 'index.html'))) {
      throw new Error(`${distDir} has no index.html: run "npm run build" first`);
    }
    files = await startStaticServer({
      '/org.yaml': orgYaml,
      '/tools.yaml': yaml(component('tool-a', 'First tool.'), component('tool-b', 'Second tool.')),
      '/orders.yaml': component('orders', 'First version.'),
    });
    server = await startTestServer({
      appDistDir: distDir,
      config: {
        backend: { reading: { allow: [{ host: files.host }] } },
        catalog: {
          locations: [{ type: 'url', target: `${files.url}/org.yaml` }],
          // Tests refresh explicitly; re-reads must see a changed file at once.
          processingInterval: { minutes: 30 },
          reading: { fetchCacheSeconds: 0 },
        },
      },
    });
    await eventually(async () => {
      await entity('user:default/grace');
      await entity('resource:default/payments-db');
    });
    browser = await openBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: server.url,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await files?.close();
  });

  const byNamePath = (ref: string) => {
    const [kind, rest] = ref.split(':') as [string, string];
    return `/api/catalog/entities/by-name/${kind}/${rest}`;
  };
  const entity = async (ref: string) => {
    const response = await server.fetch(byNamePath(ref));
    if (response.status !== 200) throw new Error(`${ref}: HTTP ${response.status}`);
    return (await response.json()) as { metadata: { description?: string } };
  };
  const register = async (path: string) => {
    const response = await server.fetch('/api/catalog/locations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'url', target: `${files.url}${path}` }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  };
  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage();
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return page;
  };

  it('shows an entity: header, about, relations, and links that are safe', async () => {
    const page = await open('/catalog/default/component/payments-service');
    expect(await page.title()).toBe('payments-service · Callboard');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Payments service',
    );
    const header = page.getByRole('main').locator('header');
    await expect(header.textContent()).resolves.toMatch(/Typeservice.*Lifecycleproduction/);

    const about = page.getByRole('region', { name: 'About' });
    await expect(about.textContent()).resolves.toContain('Takes card payments and refunds them.');
    const dashboard = about.getByRole('link', { name: /Dashboard/ });
    await expect(dashboard.getAttribute('href')).resolves.toBe(
      'https://grafana.example.com/d/payments',
    );
    await expect(dashboard.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    // The hostile link is shown, never linked.
    await expect(about.getByText('Sneaky link').count()).resolves.toBe(1);
    await expect(about.getByRole('link', { name: /Sneaky/ }).count()).resolves.toBe(0);
    await expect(page.locator('a[href^="javascript:"]').count()).resolves.toBe(0);

    const relations = page.getByRole('region', { name: 'Relations' });
    await expect(
      relations.getByRole('region', { name: 'Depends on' }).getByRole('link').allTextContents(),
    ).resolves.toEqual(['resource:payments-db']);
    await expect(
      relations.getByRole('region', { name: 'Provides API' }).getByRole('link').allTextContents(),
    ).resolves.toEqual(['api:payments-api']);
    await page.getByRole('region', { name: 'Problems' }).getByText('No problems').waitFor();
    await browser.screenshot(page, 'entity-page-component');
    await page.close();
  });

  it('follows the owner link to the group: members and owned entities by kind', async () => {
    const page = await open('/catalog/default/component/payments-service');
    await page
      .getByRole('main')
      .locator('header')
      .getByRole('link', { name: 'payments-team' })
      .click();
    await page.waitForURL(/\/catalog\/default\/group\/payments-team$/);
    await page.getByRole('heading', { level: 1, name: 'Payments team' }).waitFor();

    const members = page.getByRole('region', { name: 'Members', exact: true });
    await members.getByRole('link', { name: 'grace', exact: true }).waitFor();
    await expect(members.getByRole('row').allTextContents()).resolves.toEqual([
      'NameDisplay nameEmail',
      'adaAda Lovelaceada@example.com',
      'graceGrace Hoppergrace@example.com',
    ]);

    const owned = page.getByRole('region', { name: 'Owned entities', exact: true });
    const kinds = owned.getByRole('tablist', { name: 'Owned entities by kind' });
    await kinds.getByRole('tab').first().waitFor();
    await expect(kinds.getByRole('tab').allTextContents()).resolves.toEqual([
      'Component2',
      'API1',
      'Resource1',
      'System1',
      'Domain1',
    ]);
    await owned.getByRole('link', { name: 'checkout-web' }).waitFor();
    await kinds.getByRole('tab', { name: /^API/ }).click();
    await owned.getByRole('link', { name: 'payments-api' }).waitFor();
    await browser.screenshot(page, 'entity-page-group');
    await page.close();
  });

  it('shows the YAML tab at its own URL, and Back returns to the overview', async () => {
    const page = await open('/catalog/default/component/payments-service');
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.waitForURL(/\/payments-service\/yaml$/);
    const code = page.getByRole('region', { name: 'Entity YAML' });
    await expect(code.textContent()).resolves.toContain('kind: Component');
    await expect(code.textContent()).resolves.toContain('name: payments-service');
    // Highlighted (lazily): keys get their own markup.
    await code.locator('.hljs-attr').first().waitFor();
    await expect(
      page.getByRole('tab', { name: 'YAML' }).getAttribute('aria-selected'),
    ).resolves.toBe('true');
    await browser.screenshot(page, 'entity-page-yaml');
    await page.goBack();
    await page.waitForURL(/\/payments-service$/);
    await page.getByRole('region', { name: 'About' }).waitFor();

    // From the keyboard: the arrow keys move along the tabs, and focus stays on the tab list.
    await page.getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL(/\/payments-service\/yaml$/);
    await page.getByRole('region', { name: 'Entity YAML' }).waitFor();
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('YAML');

    await page.goto(`${server.url}/catalog/default/component/payments-service/no-such-tab`);
    await page.getByRole('heading', { name: 'No such tab' }).waitFor();
    await page.close();
  });

  it('refreshes the entity and copies its ref from the menu', async () => {
    const page = await open('/catalog/default/component/payments-service');
    await page.getByRole('button', { name: 'Refresh' }).click();
    const status = page.getByRole('status').filter({ hasText: /Refresh scheduled|Reloaded/ });
    await status.waitFor();
    await page.getByRole('status').filter({ hasText: 'Reloaded at' }).waitFor();

    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Copy entity ref' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      'component:default/payments-service',
    );
    await page.close();
  });

  it('shows a user and a system with what belongs to them', async () => {
    const user = await open('/catalog/default/user/grace');
    await expect(user.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Grace Hopper',
    );
    const profile = user.getByRole('region', { name: 'Profile' });
    await expect(
      profile.getByRole('link', { name: 'grace@example.com' }).getAttribute('href'),
    ).resolves.toBe('mailto:grace@example.com');
    await profile.getByRole('link', { name: 'payments-team' }).waitFor();
    // Owned through the user's group, which the card includes for users in groups.
    await user
      .getByRole('region', { name: 'Owned entities', exact: true })
      .getByRole('link', { name: 'checkout-web' })
      .waitFor();
    await browser.screenshot(user, 'entity-page-user');
    await user.close();

    const system = await open('/catalog/default/system/checkout');
    const parts = system.getByRole('region', { name: 'Parts of this system' });
    await parts.getByRole('link', { name: 'Payments service' }).waitFor();
    await expect(parts.getByRole('tablist').getByRole('tab').allTextContents()).resolves.toEqual([
      'Component2',
      'API1',
      'Resource1',
    ]);
    await browser.screenshot(system, 'entity-page-system');
    await system.close();
  });

  it('explains that a location from app-config cannot be unregistered from the page', async () => {
    const page = await open('/catalog/default/component/checkout-web');
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: /Unregister entity/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Unregister checkout-web?' });
    // The API does not say which locations come from config: the server's refusal does.
    await dialog.getByRole('button', { name: 'Unregister location' }).click();
    await dialog.getByText(/comes from app-config/).waitFor();
    await expect(dialog.textContent()).resolves.toContain('it comes back the next time');
    await dialog.getByRole('button', { name: 'Delete only this entity' }).waitFor();
    await browser.screenshot(page, 'entity-page-unregister-config');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await entity('component:default/checkout-web');
    await page.close();
  });

  it('unregisters a registered location with the entities it produced', async () => {
    await register('/tools.yaml');
    await eventually(() => entity('component:default/tool-b'));
    const page = await open('/catalog/default/component/tool-a');
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: /Unregister entity/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Unregister tool-a?' });
    const removed = dialog.getByRole('list', { name: 'Entities that will be removed' });
    await removed.waitFor();
    const names = await removed.getByRole('listitem').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['component:tool-a', 'component:tool-b']));
    await expect(dialog.textContent()).resolves.toContain(`${files.url}/tools.yaml`);
    await browser.screenshot(page, 'entity-page-unregister');
    await dialog.getByRole('button', { name: 'Unregister location' }).click();
    await page.waitForURL(`${server.url}/catalog`);
    await eventually(async () => {
      expect((await server.fetch(byNamePath('component:default/tool-a'))).status).toBe(404);
      expect((await server.fetch(byNamePath('component:default/tool-b'))).status).toBe(404);
    });
    await page.goto(`${server.url}/catalog/default/component/tool-a`);
    await page.getByRole('heading', { level: 1, name: 'Entity not found' }).waitFor();
    await expect(page.getByRole('main').textContent()).resolves.toContain(
      'component:default/tool-a',
    );
    await page.close();
  });

  it('keeps the last good version of a broken descriptor and says what is wrong', async () => {
    await register('/orders.yaml');
    await eventually(() => entity('component:default/orders'));
    files.set('/orders.yaml', component('orders', 'Broken version.', 5));

    const page = await open('/catalog/default/component/orders');
    await page.getByRole('button', { name: 'Refresh' }).click();
    // The catalog reads the file again in the background; wait until it has.
    await eventually(async () => {
      const response = await server.fetch(`${byNamePath('component:default/orders')}/processing`);
      const body = (await response.json()) as { problems: unknown[] };
      expect(body.problems.length).toBeGreaterThan(0);
    });
    await page.reload();
    const problems = page.getByRole('region', { name: 'Problems' });
    await problems.getByText('spec.owner', { exact: true }).waitFor();
    await expect(problems.textContent()).resolves.toMatch(/error/);
    await expect(problems.textContent()).resolves.toContain(`${files.url}/orders.yaml`);
    await expect(problems.textContent()).resolves.toContain('Document: 1');
    await expect(page.getByRole('region', { name: 'About' }).textContent()).resolves.toContain(
      'First version.',
    );
    await browser.screenshot(page, 'entity-page-problems');
    await page.close();
  });

  it('looks right in the dark theme', async () => {
    const dark = await openBrowser({ colorScheme: 'dark' });
    try {
      for (const [name, path] of [
        ['component', '/catalog/default/component/payments-service'],
        ['group', '/catalog/default/group/payments-team'],
        ['user', '/catalog/default/user/grace'],
        ['system', '/catalog/default/system/checkout'],
        ['yaml', '/catalog/default/component/payments-service/yaml'],
        ['problems', '/catalog/default/component/orders'],
      ] as const) {
        const page = await dark.newPage();
        await page.goto(`${server.url}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await expect(page.locator('html').getAttribute('data-mantine-color-scheme')).resolves.toBe(
          'dark',
        );
        await (
          name === 'yaml'
            ? page.locator('.hljs-attr').first()
            : page.getByRole('region', { name: 'Relations' })
        ).waitFor();
        // Cards load their own data; let them finish before the picture.
        await page.waitForLoadState('networkidle');
        await dark.screenshot(page, `entity-page-${name}-dark`);
        await page.close();
      }
    } finally {
      await dark.close();
    }
  });
});
