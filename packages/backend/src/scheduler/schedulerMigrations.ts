import type { PluginMigration } from '@callboard/plugin-api/backend';

export const schedulerTable = 'backend_scheduled_tasks';

/** The scheduler's table, one of the backend's own (see coreMigrations). */
export const schedulerMigrations: PluginMigration[] = [
  {
    name: '20261123000000_create_scheduled_tasks',
    async up(knex) {
      await knex.schema.createTable(schedulerTable, table => {
        table.text('id').primary().comment('<pluginId>.<taskId>');
        table.timestamp('next_run_at', { useTz: true }).notNullable();
        table.integer('frequency_ms').notNullable();
        table.integer('timeout_ms').notNullable();
        table.text('lease_owner').nullable().comment('instance id of the replica running it');
        table.timestamp('lease_expires_at', { useTz: true }).nullable();
        table
          .timestamp('claimed_next_run_at', { useTz: true })
          .nullable()
          .comment('next_run_at when claimed; a later value means "triggered while running"');
        table.timestamp('last_run_at', { useTz: true }).nullable();
        table.integer('last_duration_ms').nullable();
        table.text('last_error').nullable();
        table.index(['next_run_at'], 'backend_scheduled_tasks_next_run_at_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTable(schedulerTable);
    },
  },
];
