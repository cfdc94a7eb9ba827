import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, EVIL, FRED, OCTAVIA, RAW_CONTROL, jsonOf } from '../fixtures.js'

describeEachBackend('wishlist users', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const run = (args: string[], options = {}) => runInProcess(db(), args, options)

  it('prints every user, by email, in the JSON shape of the spec (current: false with no user chosen)', async () => {
    const result = await run(['users', '--json'])
    expect(result.code).to.equal(0)
    expect(jsonOf(result.stdout)).to.deep.equal([
      { id: ADA.id, email: ADA.email, first_name: 'Ada', last_name: 'Lovelace', role: null, current: false },
      { id: FRED.id, email: FRED.email, first_name: 'Fred', last_name: 'Rogers', role: null, current: false },
      { id: OCTAVIA.id, email: OCTAVIA.email, first_name: 'Octavia', last_name: 'Butler', role: null, current: false },
    ])
  })

  it('prints one tab-separated line per user when not on a terminal, a table on one', async () => {
    const plain = await run(['users'])
    expect(plain.stdout.split('\n')[0]).to.equal(`${ADA.id}\t${ADA.email}\tAda\tLovelace`)
    expect(plain.stdout.trimEnd().split('\n')).to.have.length(3)
    const table = await run(['users'], { tty: true, columns: 120 })
    expect(table.stdout).to.include('┌').and.include('Email').and.include(FRED.email)
  })

  it('prints nothing on stdout when there are no users, and exits 0', async () => {
    await db().truncate()
    const result = await run(['users'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(jsonOf((await run(['users', '--json'])).stdout)).to.deep.equal([])
  })

  it('never prints a name’s escape sequences raw', async () => {
    await db().knex('users').insert({ email: 'mallory@example.com', first_name: EVIL })
    for (const tty of [false, true]) {
      const result = await run(['users'], { tty, columns: 200 })
      expect(result.stdout).to.include('\\x1b]0;pwned\\x07')
      expect(result.stdout).not.to.match(RAW_CONTROL)
    }
  })

  it('works through the built binary, with pipes', async () => {
    const result = await runBinary(db(), ['users'])
    expect(result.code).to.equal(0)
    expect(result.stdout.trimEnd().split('\n').map((line) => line.split('\t')[1])).to.deep.equal([ADA.email, FRED.email, OCTAVIA.email])
  })
})

describe('wishlist users --help', () => {
  it('shows examples for the group and each command, without opening a database', async () => {
    for (const args of [['users'], ...['add', 'use', 'remove'].map((verb) => ['users', verb])]) {
      const result = await runBinary(undefined, [...args, '--help'], { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } })
      expect(result.code, args.join(' ')).to.equal(0)
      expect(result.stdout).to.include('Examples:\n  wishlist ')
    }
  })
})
