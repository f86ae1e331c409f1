import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  engineSkipReason,
  testEngines,
  testLogger,
  type TestDatabase,
} from '@callboard/test-utils';
import { entity } from '../queries/test/fixtures';
import { insertEntities } from '../queries/test/insertEntities';
import { createTableMaintenance } from './tableMaintenance';
import { createCatalogTestDatabase } from './test/createCatalogTestDatabase';

describe.each(testEngines)('table maintenance on %s', engine => {
  const skip = engineSkipReason(engine);
  let db: TestDatabase;

  beforeAll(async () => {
    if (skip) return;
    db = await createCatalogTestDatabase(engine);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** What the planner believes the table holds; -1 until it was first analyzed. */
  const plannerRows = async (table: string) => {
    const result = (await db.database.knex.raw(
      'select reltuples::int as rows from pg_class where relname = ?',
      [table],
    )) as { rows: Array<{ rows: number }> };
    return Number(result.rows[0]?.rows);
  };
  const components = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) =>
      entity('Component', `service-${from + index}`, { spec: { type: 'service' } }),
    );

  it.skipIf(skip)(
    'analyzes tables never analyzed, then again only after enough changes',
    async () => {
      const knex = db.database.knex;
      const maintenance = createTableMaintenance({
        knex,
        logger: testLogger(),
        threshold: 50,
        scale: 0.1,
      });
      await insertEntities(knex, components(0, 100));
      expect(await plannerRows('catalog_final_entities')).toBe(-1);

      await expect(maintenance.runIfDue()).resolves.toMatchObject({ ran: true });
      expect(await plannerRows('catalog_final_entities')).toBe(100);
      expect(await plannerRows('catalog_search')).toBeGreaterThan(100);

      // 30 changes are below 50 + 10% of 100.
      await insertEntities(knex, components(100, 30));
      await expect(maintenance.runIfDue()).resolves.toEqual({ ran: false, changed: 30 });
      expect(await plannerRows('catalog_final_entities')).toBe(100);

      await insertEntities(knex, components(130, 40));
      await expect(maintenance.runIfDue()).resolves.toEqual({ ran: true, changed: 70 });
      expect(await plannerRows('catalog_final_entities')).toBe(170);
      await expect(maintenance.runIfDue()).resolves.toEqual({ ran: false, changed: 0 });
    },
  );

  it.skipIf(skip)('analyzes without vacuuming when asked to (as on PGlite)', async () => {
    const knex = db.database.knex;
    const maintenance = createTableMaintenance({
      knex,
      logger: testLogger(),
      threshold: 10,
      scale: 0,
      vacuum: false,
    });
    await maintenance.runIfDue(); // starts counting: the tables have statistics
    await insertEntities(knex, components(500, 20));
    await expect(maintenance.runIfDue()).resolves.toEqual({ ran: true, changed: 20 });
    expect(await plannerRows('catalog_final_entities')).toBe(190);
  });

  it.skipIf(skip)('starts counting from now on a catalog that has statistics', async () => {
    const maintenance = createTableMaintenance({ knex: db.database.knex, logger: testLogger() });
    await expect(maintenance.runIfDue()).resolves.toEqual({ ran: false, changed: 0 });
  });
});
