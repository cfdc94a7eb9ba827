import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isAlive, readOwner } from '../../src/db/embedded/ownership.js'
import { embeddedPaths } from '../../src/db/embedded/paths.js'
import { mountTmpfs } from '../helpers/accounts.js'
import knexFactory from 'knex'
import { SERVER_URL, TEST_ENV, type TestDatabase, createTestDatabase, serverIsAvailable, stopEmbeddedServer } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'

/** The pids of live processes whose command line names `dataDir`. */
function processesFor(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dataDir)
      } catch {
        return false // gone meanwhile
      }
    })
    .map(Number)
}

/** Writes zeros to `path` until the file system is full. */
async function fillDisk(path: string): Promise<void> {
  const file = await open(path, 'w')
  const chunk = Buffer.alloc(64 * 1024)
  try {
    for (;;) await file.write(chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    await file.close()
  }
}

describe('the embedded database on a full disk', function () {
  this.timeout(300_000)
  let disk: Awaited<ReturnType<typeof mountTmpfs>>
  let scratch: string
  let dataDir: string
  const env = () => ({ ...TEST_ENV, WISHLIST_DATA_DIR: dataDir, WISHLIST_USER: 'ada@example.com', WISHLIST_LOCK_TIMEOUT: '60' })

  before(async function () {
    // The template is about 40 MB: this leaves some 50 MB, less than the import needs.
    disk = await mountTmpfs(90)
    if (!disk) this.skip()
    dataDir = join(disk!.dir, 'data')
    scratch = await mkdtemp(join(tmpdir(), 'wishlist-diskfull-'))
  })
  after(async () => {
    if (!disk) return
    await stopEmbeddedServer(dataDir)
    await disk.unmount()
    await rm(scratch, { recursive: true, force: true })
  })

  it('says so in one line, leaves no server behind, and starts normally with the data intact once space is back', async () => {
    const run = (args: string[], stdin?: string) => runBinary(undefined, args, { env: env(), stdin })
    expect((await run(['users', 'add', '--email', 'ada@example.com'])).code).to.equal(0)
    expect((await run(['books', 'add', '--title', 'Kept book'])).code).to.equal(0)
    expect((await run(['add', 'Kept book', '-l', 'Keep', '--create'])).code).to.equal(0)

    // Enough for the import's working table but not for the books' WAL: PostgreSQL
    // cannot write a WAL segment, and PGlite PANICs rolling back (the case).
    const rows = Array.from({ length: 60_000 }, (_, index) => `Book title number ${index} with some padding text to make rows larger,Author ${index} Somebody`)
    const file = join(scratch, 'big.csv')
    await writeFile(file, `title,author\n${rows.join('\n')}\n`)
    const imported = await run(['import', file, '-l', 'Keep'])
    expect(imported.code).to.equal(1)
    expect(imported.stderr).to.equal('error: The disk holding the database is full; free some space and try again.\n')

    // The server may have survived the failure or died of it (a PANIC); either way, the
    // next start finds the disk full and must recover from a crash, which needs space.
    const filler = join(disk!.dir, 'filler')
    await fillDisk(filler)
    const owner = await readOwner(embeddedPaths(dataDir))
    if (owner !== undefined && isAlive(owner)) process.kill(owner, 'SIGKILL')
    while (owner !== undefined && isAlive(owner)) await new Promise((resolve) => setTimeout(resolve, 10))
    const whileFull = await run(['lists'])
    expect(whileFull.code, whileFull.stderr).to.equal(1)
    expect(whileFull.stderr, whileFull.stderr).to.match(new RegExp(`^error: The disk holding ${dataDir} is full \\([\\d.]+ MB free\\); free some space and try again\\.\n$`))
    expect(processesFor(dataDir)).to.deep.equal([])

    // Space comes back (the crash's leftovers in pgdata may hold more than the filler).
    await rm(filler)
    await disk!.resize(200)
    const lists = await run(['lists'])
    expect(lists.code, lists.stderr).to.equal(0)
    expect(lists.stdout).to.match(/^\S+\tKeep\t1\t/)
    const count = await run(['db', 'shell'], 'select count(*) from books;')
    expect(count.stdout.trim()).to.equal('1')
    expect(processesFor(dataDir)).to.have.length(1)
  })
})

// The same one line from a PostgreSQL server: its books table moved to a tablespace on
// a small tmpfs (the server runs on this machine in the test set-up).
describe('a server database on a full disk', function () {
  this.timeout(300_000)
  let disk: Awaited<ReturnType<typeof mountTmpfs>>
  let db: TestDatabase | undefined
  const tablespace = `wishlist_test_full_${process.pid}`

  before(async function () {
    if (!(await serverIsAvailable())) {
      console.warn(`    (skipped: no PostgreSQL server at ${SERVER_URL})`)
      this.skip()
    }
    if (process.getuid?.() !== 0) {
      console.warn('    (skipped: only root can give the server a tablespace on a small disk)')
      this.skip()
    }
    disk = await mountTmpfs(4)
    if (!disk) this.skip()
    execFileSync('chown', ['postgres:postgres', disk!.dir])
    db = await createTestDatabase('server')
    await db.knex.raw(`create tablespace ${tablespace} location '${disk!.dir}'`)
    await db.knex.raw(`alter table books set tablespace ${tablespace}`)
  })
  after(async () => {
    if (db) {
      await db.knex.raw('alter table books set tablespace pg_default').catch(() => {})
      await db.destroy()
      const admin = knexFactory({ client: 'pg', connection: SERVER_URL, pool: { min: 0, max: 1 } })
      await admin.raw(`drop tablespace if exists ${tablespace}`).finally(() => admin.destroy())
    }
    await disk?.unmount()
  })

  it('says so in one line and changes nothing', async () => {
    const env = { WISHLIST_USER: 'ada@example.com' }
    expect((await runBinary(db, ['users', 'add', '--email', 'ada@example.com'])).code).to.equal(0)
    const rows = Array.from({ length: 60_000 }, (_, index) => `Book title number ${index} with some padding text to make rows larger,Author ${index} Somebody`)
    const file = join(tmpdir(), `wishlist-server-full-${process.pid}.csv`)
    await writeFile(file, `title,author\n${rows.join('\n')}\n`)
    try {
      const imported = await runBinary(db, ['import', file], { env })
      expect(imported.code).to.equal(1)
      expect(imported.stderr).to.equal('error: The disk holding the database is full; free some space and try again.\n')
    } finally {
      await rm(file, { force: true })
    }
    expect(Number((await db!.knex('books').count({ n: '*' }))[0].n)).to.equal(0)
  })
})
