import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.text('email').notNullable()
    table.text('first_name')
    table.text('last_name')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  // Emails are unique whatever their case: Fred@x.com and fred@x.com are one person.
  await knex.raw('create unique index users_email_lower_unique on users (lower(email))')
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('users')
}
