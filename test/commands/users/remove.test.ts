import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter } from '../../helpers/fake-prompter.js'
import { runBinary } from '../../helpers/run.js'
import { ADA, OCTAVIA, jsonOf, snapshot, withSampleDataAndConfig } from '../fixtures.js'

describeEachBackend('wishlist users remove', (db) => {
  const { configHome, savedConfig, run } = withSampleDataAndConfig(db)
  const adaExists = async () => (await db().knex('users').where({ id: ADA.id })).length === 1

  it('exits 2 naming --yes when there is no terminal to confirm on, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const result = await run(['users', 'remove', ADA.email])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include('--yes required when not running interactively')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('deletes with --yes, with their lists and entries; books and other users stay', async () => {
    const books = await db().knex('books').count({ count: '*' })
    const result = await run(['users', 'remove', ADA.email, '--yes'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.include('Deleted user Ada Lovelace <ada@example.com> and their 2 lists.')
    expect(await adaExists()).to.equal(false)
    expect(await db().knex('wishlists').where({ user_id: ADA.id })).to.deep.equal([])
    expect(await db().knex('wishlist_entries').where({ user_id: ADA.id })).to.deep.equal([])
    expect(await db().knex('wishlists').where({ user_id: OCTAVIA.id })).to.have.length(1)
    expect(await db().knex('books').count({ count: '*' })).to.deep.equal(books)
  })

  it('clears the saved default when it was that user, and keeps it otherwise', async () => {
    await run(['users', 'use', OCTAVIA.email])
    await run(['users', 'remove', ADA.email, '--yes'])
    expect(await savedConfig()).to.deep.equal({ defaultUser: OCTAVIA.id })
    const result = await run(['users', 'remove', OCTAVIA.id, '--yes'])
    expect(result.stderr).to.include('saved default')
    expect(await savedConfig()).to.deep.equal({})
    // Fred is now the only user, so he is "me" again rather than a dangling default.
    expect((await run(['lists', '--json'])).code).to.equal(0)
  })

  it('prints the deleted user as JSON', async () => {
    const result = await run(['users', 'remove', ADA.id, '--yes', '--json'])
    expect(jsonOf(result.stdout)).to.deep.equal({ id: ADA.id, email: ADA.email, first_name: 'Ada', last_name: 'Lovelace', list_count: 2 })
  })

  it('on a terminal, asks first; yes deletes, no deletes nothing (exit 130)', async () => {
    const before = await snapshot(db().knex)
    const no = fakePrompter({ confirm: [false] })
    expect((await run(['users', 'remove', ADA.email], { tty: true, prompter: no })).code).to.equal(130)
    expect(no.asked).to.deep.equal(['Delete user Ada Lovelace <ada@example.com> and their 2 lists?'])
    expect(await snapshot(db().knex)).to.deep.equal(before)
    const yes = fakePrompter({ confirm: [true] })
    expect((await run(['users', 'remove', ADA.email], { tty: true, prompter: yes })).code).to.equal(0)
    expect(await adaExists()).to.equal(false)
  })

  it('exits 3 with a "did you mean" for an unknown user, asking nothing', async () => {
    const prompter = fakePrompter()
    const result = await run(['users', 'remove', 'ada@example.org'], { tty: true, prompter })
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('Did you mean "ada@example.com"?')
    expect(prompter.asked).to.deep.equal([])
  })

  it('works through the built binary, with pipes', async () => {
    const env = { XDG_CONFIG_HOME: configHome() }
    expect((await runBinary(db(), ['users', 'remove', ADA.email], { env })).code).to.equal(2)
    expect((await runBinary(db(), ['users', 'remove', ADA.email, '--yes'], { env })).code).to.equal(0)
    expect(await adaExists()).to.equal(false)
  })
})
