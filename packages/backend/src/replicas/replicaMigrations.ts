import type { PluginMigration } from '@callboard/plugin-api/backend';

export const replicaTable = 'backend_replicas';

/** One row per running replica, renewed by its heartbeat (ADR 0020). */
export const replicaMigrations: PluginMigration[] = [
  {
    name: '20261201000000_create_replicas',
    async up(knex) {
      await knex.schema.createTable(replicaTable, table => {
        table.text('id').primary().comment('instance id: the lease owner written by this replica');
        table.text('host').notNullable();
        table.integer('pid').notNullable();
        table.text('version').notNullable();
        table.timestamp('started_at', { useTz: true }).notNullable();
        table.timestamp('heartbeat_at', { useTz: true }).notNullable();
      });
    },
    async down(knex) {
      await knex.schema.dropTable(replicaTable);
    },
  },
];
