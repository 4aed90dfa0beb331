// @ts-check

/**
 * Meshes created through the scaffolder. `definition` is JSON text rather
 * than a json column so SQLite and PostgreSQL read back the same string.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('registered_meshes', table => {
    table.comment('Meshes registered by scaffolder templates');
    table.string('name').primary();
    table.string('title').nullable();
    table
      .text('definition')
      .notNullable()
      .comment('JSON: the clusters, never a secret');
    table.string('created_by').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('registered_meshes');
};
