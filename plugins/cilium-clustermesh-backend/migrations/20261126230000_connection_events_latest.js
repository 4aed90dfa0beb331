// @ts-check

/**
 * The mesh list shows each mesh's last change: the newest `occurred_at` per
 * mesh, read from this index instead of a scan of every event.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('connection_events', table => {
    table.index(['mesh', 'occurred_at'], 'connection_events_mesh_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('connection_events', table => {
    table.dropIndex(['mesh', 'occurred_at'], 'connection_events_mesh_time_idx');
  });
};
