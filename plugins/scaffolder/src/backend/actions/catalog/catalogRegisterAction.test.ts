import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotAllowedError } from '@callboard/plugin-api/common';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { createActionTestKit, createTestReader, type ActionTestKit } from '../test/actionTestKit';
import type { ScaffolderCatalog } from '../../ScaffolderDeps';
import { createCatalogRegisterAction } from './catalogRegisterAction';

/** A catalog whose registration fails with `error`. */
function failingCatalog(error: Error): ScaffolderCatalog {
  return {
    getEntityByRef: async () => undefined,
    registerLocation: async () => {
      throw error;
    },
  };
}

describe('catalog:register when the catalog refuses', () => {
  let reader: RepositoryReader;
  let kit: ActionTestKit;
  beforeAll(() => {
    reader = createTestReader();
    kit = createActionTestKit(reader);
  });
  afterAll(async () => {
    await reader.close();
    kit.cleanup();
  });

  const repository = 'http://localhost:7101/api/scaffolder/git/team/payments.git';
  const catalogInfoUrl = `${repository}/blob/main/catalog-info.yaml`;

  it('says which repository publish:git left behind and how to finish by hand', async () => {
    const refused = new NotAllowedError('Reading from localhost:7101 is not allowed');
    const register = createCatalogRegisterAction({ catalog: failingCatalog(refused) });
    const failure = await kit.run(register, { repoContentsUrl: `${repository}/blob/main` }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    // The same class, so the same HTTP status and name in the task's error.
    expect(failure).toBeInstanceOf(NotAllowedError);
    expect(failure?.message).toBe(
      `Registering ${catalogInfoUrl} in the catalog failed: Reading from localhost:7101 is not allowed. ` +
        `The repository ${repository} was created and is kept. ` +
        `To finish by hand, register ${catalogInfoUrl} on the Register page (/catalog-import) once the cause is fixed.`,
    );
    expect(failure?.cause).toBe(refused);
  });

  it('names only the file when given a catalog-info URL, and keeps plain errors plain', async () => {
    const register = createCatalogRegisterAction({
      catalog: failingCatalog(new Error('the catalog is read-only')),
    });
    const failure = await kit.run(register, { catalogInfoUrl }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.constructor).toBe(Error);
    expect(failure?.message).toBe(
      `Registering ${catalogInfoUrl} in the catalog failed: the catalog is read-only. ` +
        `To finish by hand, register ${catalogInfoUrl} on the Register page (/catalog-import) once the cause is fixed.`,
    );
  });

  it('carries on past an existing registration when optional, as before', async () => {
    const calls: boolean[] = [];
    const register = createCatalogRegisterAction({
      catalog: {
        getEntityByRef: async () => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments' },
        }),
        registerLocation: async (_target, { dryRun }) => {
          calls.push(dryRun);
          if (!dryRun) throw new ConflictError('already registered');
          return { entityRefs: ['component:default/payments'] };
        },
      },
    });
    const run = await kit.run(register, { catalogInfoUrl, optional: true });
    expect(calls).toEqual([false, true]);
    expect(run.outputs).toEqual({ catalogInfoUrl, entityRef: 'component:default/payments' });
  });
});
