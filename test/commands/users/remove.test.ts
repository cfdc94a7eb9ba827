import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { chmod } from 'node:fs/promises'
import { join } from 'node:path'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter } from '../../helpers/fake-prompter.js'
import { runBinary } from '../../helpers/run.js'
import { databaseKey } from '../../../src/config.js'
import { ADA, OCTAVIA, jsonOf, snapshot, withSampleDataAndConfig } from '../fixtures.js'

describeEachBackend('wishlist users remove', (db) => {
  const { configHome, savedConfig, run } = withSampleDataAndConfig(db)
  const adaExists = async () => (await db().knex('users').where({ id: ADA.id })).length === 1
  const adaEntries = async () => (await db().knex('wishlist_entries').where({ user_id: ADA.id })).length

  it('refuses plain --yes for a user who is not you (exit 2), naming their entries and --others', async () => {
    const before = await snapshot(db().knex)
    const entries = await adaEntries()
    for (const args of [['-u', OCTAVIA.email], []]) {
      const result = await run([...args, 'users', 'remove', ADA.email, '--yes'])
      expect(result.code, result.stderr).to.equal(2)
      expect(result.stderr.trimEnd().split('\n')).to.have.length(2)
      expect(result.stderr).to.include(`Ada Lovelace <ada@example.com> is ${args.length ? 'not you (you are octavia@example.com)' : 'another user (no user is chosen)'}, with ${entries} books on their 2 lists`)
      expect(result.stderr).to.include(`--yes --others ${entries}`)
    }
    expect((await run(['-u', OCTAVIA.email, 'users', 'remove', ADA.email, '--yes', '--others', String(entries + 1)])).code).to.equal(2)
    expect(await snapshot(db().knex)).to.deep.equal(before)
    const result = await run(['-u', OCTAVIA.email, 'users', 'remove', ADA.email, '--yes', '--others', String(entries)])
    expect(result.code, result.stderr).to.equal(0)
    expect(await adaExists()).to.equal(false)
  })

  it('a user with no books still needs --others 0 when they are not you', async () => {
    const [grace] = await db().knex('users').insert({ email: 'grace@example.com' }).returning('id')
    expect((await run(['-u', OCTAVIA.email, 'users', 'remove', 'grace@example.com', '--yes'])).code).to.equal(2)
    expect((await run(['-u', OCTAVIA.email, 'users', 'remove', 'grace@example.com', '--yes', '--others', '0'])).code).to.equal(0)
    expect(await db().knex('users').where({ id: grace.id })).to.deep.equal([])
  })

  it('on a terminal, the confirmation says the user is not you', async () => {
    const prompter = fakePrompter({ confirm: [false] })
    expect((await run(['-u', OCTAVIA.email, 'users', 'remove', ADA.email], { tty: true, prompter })).code).to.equal(1)
    expect(prompter.asked).to.deep.equal([
      `Delete user Ada Lovelace <ada@example.com> and their 2 lists (${await adaEntries()} books on them)? They are not you (you are octavia@example.com).`,
    ])
  })

  it('exits 2 naming --yes when there is no terminal to confirm on, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const result = await run(['users', 'remove', ADA.email])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include('--yes required when not running interactively')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('deletes yourself with --yes, with your lists and entries; books and other users stay', async () => {
    const books = await db().knex('books').count({ count: '*' })
    const result = await run(['-u', ADA.email, 'users', 'remove', ADA.email, '--yes'])
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
    expect((await run(['users', 'remove', ADA.email, '--yes', '--others', String(await adaEntries())])).code).to.equal(0)
    expect(await savedConfig()).to.deep.equal({ defaultUsers: { [databaseKey(db().target)]: OCTAVIA.id } })
    const result = await run(['users', 'remove', OCTAVIA.id, '--yes'])
    expect(result.stderr).to.include('saved default')
    expect(await savedConfig()).to.deep.equal({})
    // Fred is now the only user, so he is "me" again rather than a dangling default.
    expect((await run(['lists', '--json'])).code).to.equal(0)
  })

  it('prints the deleted user as JSON', async () => {
    const result = await run(['-u', ADA.id, 'users', 'remove', ADA.id, '--yes', '--json'])
    expect(jsonOf(result.stdout)).to.deep.equal({ id: ADA.id, email: ADA.email, first_name: 'Ada', last_name: 'Lovelace', role: null, list_count: 2 })
  })

  it('on a terminal, asks first; yes deletes, no deletes nothing (exit 1, a plain message, not 130)', async () => {
    const before = await snapshot(db().knex)
    const no = fakePrompter({ confirm: [false] })
    const declined = await run(['-u', ADA.email, 'users', 'remove', ADA.email], { tty: true, prompter: no })
    expect(declined).to.include({ code: 1, stderr: 'Nothing was deleted.\n' })
    expect(no.asked).to.deep.equal(['Delete user Ada Lovelace <ada@example.com> and their 2 lists?'])
    expect(await snapshot(db().knex)).to.deep.equal(before)
    const yes = fakePrompter({ confirm: [true] })
    expect((await run(['-u', ADA.email, 'users', 'remove', ADA.email], { tty: true, prompter: yes })).code).to.equal(0)
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
    expect((await runBinary(db(), ['-u', ADA.email, 'users', 'remove', ADA.email, '--yes'], { env })).code).to.equal(0)
    expect(await adaExists()).to.equal(false)
  })

  describe('with a config directory that cannot be written', () => {
    let locked: string | undefined
    afterEach(async () => {
      if (locked) await unlock(locked)
      locked = undefined
    })

    it('deletes the saved default user, exits 0 and warns that the default could not be cleared', async function () {
      expect((await run(['users', 'use', ADA.email])).code).to.equal(0)
      const dir = join(configHome(), 'wishlist')
      if (!(await lock(dir))) return this.skip()
      locked = dir
      const result = await run(['users', 'remove', ADA.email, '--yes'])
      // Before: the user was deleted, then writing the config failed: exit 1.
      expect(result.code, result.stderr).to.equal(0)
      expect(await adaExists()).to.equal(false)
      expect(result.stderr).to.match(/^warning: Ada Lovelace <ada@example.com> was the saved default, but .*config\.json could not be updated \(.*\); choose another with `wishlist users use USER`\.\n/)
      expect(result.stderr).to.not.match(/^\s+at /m)
      // The default still names Ada, and says so plainly when used.
      const later = await run(['lists'])
      expect(later.code).to.equal(3)
      expect(later.stderr).to.include('does not exist in this database').and.include('wishlist users use USER')
    })
  })
})

/**
 * Makes a directory unwritable. Root ignores permissions, so as root the directory is
 * made immutable (chattr +i, which binds root too, on ext4 and most Linux file
 * systems); false when that is not possible here.
 */
async function lock(dir: string): Promise<boolean> {
  if (process.getuid?.() !== 0) {
    await chmod(dir, 0o555)
    return true
  }
  return spawnSync('chattr', ['+i', dir]).status === 0
}

async function unlock(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) await chmod(dir, 0o755)
  else spawnSync('chattr', ['-i', dir])
}
