// @ts-check

/**
 * Current state of every connection edge, and the history of its changes.
 * Timestamps are always written as Date bindings: SQLite then stores epoch
 * milliseconds and PostgreSQL timestamptz, both comparable with Date bindings.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('connection_states', table => {
    table.comment('The last recorded state of each edge of each mesh');
    table.string('mesh').notNullable();
    table.string('from_cluster').notNullable();
    table.string('to_cluster').notNullable();
    table.string('state').notNullable();
    table.text('detail').nullable();
    table
      .timestamp('since', { useTz: true })
      .notNullable()
      .comment('When the edge entered this state');
    table.primary(['mesh', 'from_cluster', 'to_cluster']);
  });

  await knex.schema.createTable('connection_events', table => {
    table.comment('One row per state change of an edge');
    table.increments('id');
    table.string('mesh').notNullable();
    table.string('from_cluster').notNullable();
    table.string('to_cluster').notNullable();
    table.string('state').notNullable();
    table.string('previous_state').nullable();
    table.text('detail').nullable();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    // Pages are read newest first by id, for a mesh or for one edge of it.
    table.index(['mesh', 'id'], 'connection_events_mesh_id_idx');
    table.index(
      ['mesh', 'from_cluster', 'to_cluster', 'id'],
      'connection_events_edge_id_idx',
    );
    // Retention deletes across all meshes by age.
    table.index(['occurred_at'], 'connection_events_occurred_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('connection_events');
  await knex.schema.dropTable('connection_states');
};
