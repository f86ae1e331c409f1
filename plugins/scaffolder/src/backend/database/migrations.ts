import type { PluginMigration } from '@callboard/plugin-api/backend';

/**
 * Tasks and their events. A task is claimed by a replica with a lease (`lease_owner`,
 * `lease_expires_at`) renewed by heartbeats; a lease that ran out means its replica died.
 * Secrets live in their own column, never in `spec`, and are cleared when the task ends.
 */
export const scaffolderMigrations: PluginMigration[] = [
  {
    name: '20261124100000_scaffolder_tasks',
    async up(knex) {
      await knex.schema.createTable('scaffolder_tasks', table => {
        table.uuid('id').primary();
        table.jsonb('spec').notNullable();
        table.jsonb('secrets').nullable();
        table.text('status').notNullable();
        table.text('template_ref').notNullable();
        table.text('created_by').nullable();
        table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        table.timestamp('last_heartbeat_at', { useTz: true }).nullable();
        table.timestamp('finished_at', { useTz: true }).nullable();
        table.text('lease_owner').nullable();
        table.timestamp('lease_expires_at', { useTz: true }).nullable();
        /** How many times a replica started it (a takeover after a crash counts). */
        table.integer('attempts').notNullable().defaultTo(0);
        table.index(['status', 'created_at'], 'scaffolder_tasks_status_idx');
        table.index(['created_by', 'created_at'], 'scaffolder_tasks_created_by_idx');
      });
      await knex.schema.createTable('scaffolder_task_events', table => {
        table.bigIncrements('id').primary();
        table
          .uuid('task_id')
          .notNullable()
          .references('id')
          .inTable('scaffolder_tasks')
          .onDelete('CASCADE');
        table.text('event_type').notNullable();
        table.jsonb('body').notNullable();
        table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
        table.index(['task_id', 'id'], 'scaffolder_task_events_task_idx');
      });
    },
    async down(knex) {
      await knex.schema.dropTable('scaffolder_task_events');
      await knex.schema.dropTable('scaffolder_tasks');
    },
  },
  {
    /**
     * Secrets leave the database (ADR 0019): the replica a task was created (or retried) on keeps
     * them in memory, and only that replica claims the task (`secrets_holder`).
     */
    name: '20261207180000_scaffolder_task_secrets_in_memory',
    async up(knex) {
      await knex.schema.alterTable('scaffolder_tasks', table => {
        table.dropColumn('secrets');
        table.text('secrets_holder').nullable();
      });
    },
    async down(knex) {
      await knex.schema.alterTable('scaffolder_tasks', table => {
        table.dropColumn('secrets_holder');
        table.jsonb('secrets').nullable();
      });
    },
  },
];
