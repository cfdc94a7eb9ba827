import { expect } from 'chai'
import { migrations } from '../../migrations/index.js'
import { createTestDatabase, serverIsAvailable } from '../helpers/databases.js'
import { describeEachBackend } from '../helpers/databases.js'
import { runBinary, runInProcess } from '../helpers/run.js'

describeEachBackend('wishlist db', (db) => {
  it('info says which backend and where, as JSON too', async () => {
    const result = await runInProcess(db(), ['db', 'info', '--json'])
    expect(result.code).to.equal(0)
    const info = JSON.parse(result.stdout)
    expect(info.backend).to.equal(db().backend)
    expect(info.schema).to.equal('current')
    if (db().target.kind === 'embedded') expect(info.data_dir).to.equal(db().env.WISHLIST_DATA_DIR)
  })

  it('status lists every migration as applied', async () => {
    const result = await runBinary(db(), ['db', 'status'])
    expect(result.code).to.equal(0)
    expect(result.stdout.trim().split('\n')).to.deep.equal(migrations.map((m) => `${m.name}\tapplied`))
  })

  it('seeds, and seeding again changes nothing', async () => {
    await db().truncate()
    const first = await runBinary(db(), ['db', 'seed'])
    expect(first.code, first.stderr).to.equal(0)
    expect(first.stderr).to.match(/3 users, 152 books, 3 lists/)
    const second = await runBinary(db(), ['db', 'seed'])
    expect(second.stderr).to.equal(first.stderr)
  })

  it('reset needs --yes without a terminal, and empties the database with it', async () => {
    await runBinary(db(), ['db', 'seed'])
    const refused = await runBinary(db(), ['db', 'reset'])
    expect(refused.code).to.equal(2)
    expect(refused.stderr).to.match(/--yes required when not running interactively/)
    expect(Number((await db().knex('books').count({ n: '*' }))[0]!.n)).to.be.greaterThan(0)
    const reset = await runBinary(db(), ['db', 'reset', '--yes'])
    expect(reset.code, reset.stderr).to.equal(0)
    expect(Number((await db().knex('books').count({ n: '*' }))[0]!.n)).to.equal(0)
  })

  it('rolls back and migrates again from the command line', async () => {
    const back = await runBinary(db(), ['db', 'rollback', '--all', '--yes', '--json'])
    expect(JSON.parse(back.stdout).rolled_back).to.have.length(migrations.length)
    const forward = await runBinary(db(), ['db', 'migrate', '--json'])
    expect(JSON.parse(forward.stdout).applied).to.have.length(migrations.length)
  })

  it('runs SQL from a pipe in the built-in shell, failing on a bad statement', async () => {
    await db().truncate()
    const ok = await runBinary(db(), ['db', 'shell'], {
      stdin: "insert into books (title) values ('Shell book');\nselect title from books;\n",
      env: { PATH: '/usr/bin/nonexistent' }, // no psql: the built-in prompt
    })
    expect(ok.code, ok.stderr).to.equal(0)
    expect(ok.stdout).to.equal('Shell book\n')
    const bad = await runBinary(db(), ['db', 'shell'], { stdin: 'select nope;\n', env: { PATH: '/usr/bin/nonexistent' } })
    expect(bad.code).to.equal(1)
    expect(bad.stderr).to.match(/ERROR: .*nope/)
  })
})

describe('wishlist db on a server', () => {
  before(async function () {
    if (!(await serverIsAvailable())) this.skip()
  })

  it('fails fast with one line naming the host when the server is down', async () => {
    const started = Date.now()
    const result = await runBinary(undefined, ['--db', 'postgres://postgres:s3cret@127.0.0.1:1/wishlist', 'db', 'seed'])
    expect(result.code).to.equal(1)
    expect(Date.now() - started).to.be.lessThan(10_000)
    expect(result.stderr).to.match(/^error: Cannot connect to PostgreSQL at 127\.0\.0\.1:1: connection refused\.\n.*docker compose up -d/)
    expect(result.stderr.trim().split('\n')).to.have.length(2)
    expect(result.stderr + result.stdout).to.not.match(/s3cret|\n\s+at /)
  })

  it('names the socket when a Unix-socket server is not there', async () => {
    const result = await runBinary(undefined, ['--db', 'postgres:///wishlist?host=/nonexistent', 'show'])
    expect(result.code).to.equal(1)
    expect(result.stderr).to.match(/^error: Cannot connect to PostgreSQL at \/nonexistent\/\.s\.PGSQL\.5432: no server is listening there\.\n/)
    expect(result.stderr.trim().split('\n')).to.have.length(2)
  })

  it('refuses to work on an unmigrated database, saying what to run', async () => {
    const empty = await createTestDatabase('server', { migrate: false })
    try {
      const result = await runBinary(empty, ['db', 'seed'])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.match(/no wishlist schema yet\.\nRun `wishlist db migrate` first\./)
      expect((await empty.knex.raw(`select to_regclass('users') as t`)).rows[0].t).to.equal(null)
    } finally {
      await empty.destroy()
    }
  })

  it('never prints the password of the URL', async () => {
    const database = await createTestDatabase('server')
    try {
      const url = new URL(database.target.kind === 'server' ? database.target.url : '')
      url.password = 'hunter2'
      const result = await runBinary(database, ['db', 'info'], { env: { DATABASE_URL: url.toString() } })
      expect(result.code, result.stderr).to.equal(0)
      expect(result.stdout).to.match(/postgres:\*\*\*\*\*@/)
      expect(result.stdout + result.stderr).to.not.include('hunter2')
    } finally {
      await database.destroy()
    }
  })
})

