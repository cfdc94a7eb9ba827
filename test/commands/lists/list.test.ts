import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, EVIL, FRED, GIFT_IDEAS, RAW_CONTROL, TO_READ, jsonOf } from '../fixtures.js'

describeEachBackend('wishlist lists', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const run = (args: string[], options = {}) => runInProcess(db(), args, options)

  it('prints the user’s lists oldest first with book counts, in the JSON shape of the spec', async () => {
    // Ids order To read first; a later creation date must put it last.
    await db().knex('wishlists').where({ id: TO_READ }).update({ created_at: db().knex.raw(`now() + interval '1 minute'`) })
    const result = await run(['-u', ADA.email, 'lists', '--json'])
    expect(result.code).to.equal(0)
    const lists = jsonOf(result.stdout)
    expect(lists.map((list: object) => Object.keys(list))).to.deep.equal([
      ['id', 'name', 'user_id', 'book_count', 'created_at', 'default', 'visibility', 'shared_with', 'owner'],
      ['id', 'name', 'user_id', 'book_count', 'created_at', 'default', 'visibility', 'shared_with', 'owner'],
    ])
    expect(lists.map((list: any) => [list.id, list.name, list.user_id, list.book_count])).to.deep.equal([
      [GIFT_IDEAS, 'Gift ideas', ADA.id, 4],
      [TO_READ, 'To read', ADA.id, 6],
    ])
    expect(lists[0].created_at).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })

  it('prints one tab-separated line per list when stdout is not a terminal', async () => {
    const result = await run(['-u', ADA.email, 'lists'])
    const lines = result.stdout.trimEnd().split('\n').map((line) => line.split('\t'))
    expect(lines).to.have.length(2)
    // The last field says how it is shared (test/commands/sharing/).
    for (const fields of lines) expect(fields).to.have.length(5)
    expect(lines.map((fields) => fields[4])).to.deep.equal(['private', 'private'])
    expect(lines.map((fields) => fields.slice(0, 3))).to.deep.include.members([
      [TO_READ, 'To read', '6'],
      [GIFT_IDEAS, 'Gift ideas', '4'],
    ])
    expect(lines[0]![3]).to.match(/^\d{4}-\d{2}-\d{2}T/)
    expect(result.stderr).to.equal('')
  })

  it('prints a table with humanised dates on a terminal', async () => {
    const result = await run(['-u', ADA.email, 'lists'], { tty: true })
    expect(result.stdout).to.include('┌').and.include('Name').and.include('To read').and.include('Gift ideas')
    expect(result.stdout).to.match(/just now|ago/)
    expect(result.stdout).not.to.match(/\d{4}-\d{2}-\d{2}T/)
  })

  it('prints nothing on stdout for a user without lists, and says how to make one', async () => {
    const plain = await run(['-u', FRED.id, 'lists'])
    expect(plain).to.include({ code: 0, stdout: '' })
    expect(plain.stderr).to.include('wishlist lists create')
    expect(jsonOf((await run(['-u', FRED.id, 'lists', '--json'])).stdout)).to.deep.equal([])
  })

  it('exits 2 naming --user when no user is chosen, 3 for an unknown one', async () => {
    const none = await run(['lists'])
    expect(none.code).to.equal(2)
    expect(none.stderr).to.include('--user')
    const unknown = await run(['-u', 'ada@exampel.com', 'lists'])
    expect(unknown.code).to.equal(3)
    expect(unknown.stderr).to.include('Did you mean "ada@example.com"?')
  })

  it('never prints a list name’s escape sequences raw, in a table or in plain lines', async () => {
    await db().knex('wishlists').insert({ user_id: ADA.id, name: EVIL })
    for (const tty of [false, true]) {
      const result = await run(['-u', ADA.email, 'lists'], { tty })
      expect(result.code).to.equal(0)
      expect(result.stdout).to.include('\\x1b]0;pwned\\x07')
      expect(result.stdout).not.to.match(RAW_CONTROL)
    }
  })

  it('works through the built binary, with pipes', async () => {
    const result = await runBinary(db(), ['lists', '--user', ADA.email])
    expect(result.code).to.equal(0)
    expect(result.stdout.trimEnd().split('\n')).to.have.length(2)
    expect(result.stdout).to.include(`${TO_READ}\tTo read\t6\t`)
  })
})

describe('wishlist lists --help', () => {
  it('shows examples for the group and each command, without opening a database', async () => {
    for (const args of [['lists'], ...['create', 'rename', 'delete'].map((verb) => ['lists', verb])]) {
      const result = await runBinary(undefined, [...args, '--help'], { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } })
      expect(result.code, args.join(' ')).to.equal(0)
      expect(result.stdout).to.include('Examples:\n  wishlist ')
    }
  })
})
