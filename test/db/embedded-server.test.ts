import { expect } from 'chai'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { holdLock, pathLockName, releaseLock } from '../../src/db/embedded/kernel-lock.js'
import { isAlive, readOwner } from '../../src/db/embedded/ownership.js'
import { embeddedPaths } from '../../src/db/embedded/paths.js'
import { TEST_ENV, stopEmbeddedServer } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'

/** SQL that inserts `count` users named tag-N, for the built-in `db shell`. */
function insertUsers(tag: string, count: number): string {
  return Array.from({ length: count }, (_, index) => `insert into users (email) values ('${tag}-${index}@example.com');`).join('\n')
}

describe('the embedded database server', function () {
  this.timeout(120_000)
  let dataDir: string
  const env = () => ({ ...TEST_ENV, WISHLIST_DATA_DIR: dataDir })

  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'wishlist-embedded-')), 'data')
  })
  afterEach(async () => {
    await stopEmbeddedServer(dataDir)
    await rm(join(dataDir, '..'), { recursive: true, force: true })
  })

  it('lets two processes started at once on a new directory both succeed, losing nothing', async () => {
    const [first, second] = await Promise.all([
      runBinary(undefined, ['db', 'shell'], { env: env(), stdin: insertUsers('a', 150) }),
      runBinary(undefined, ['db', 'shell'], { env: env(), stdin: insertUsers('b', 150) }),
    ])
    expect(first.stderr).to.not.match(/ERROR/)
    expect(second.stderr).to.not.match(/ERROR/)
    expect([first.code, second.code]).to.deep.equal([0, 0])
    const check = await runBinary(undefined, ['db', 'shell'], {
      env: env(),
      stdin: 'select count(*) as n, count(distinct id) as ids, count(distinct email) as emails from users;',
    })
    expect(check.stdout.trim()).to.equal('300\t300\t300')
    // Exactly one process ever owned the directory, and it is the one still serving.
    const owner = await readOwner(embeddedPaths(dataDir))
    expect(owner !== undefined && isAlive(owner)).to.equal(true)
  })

  it('starts a new directory as a copy of the migrated template, leaving no partial copy', async () => {
    const info = await runBinary(undefined, ['db', 'info', '--json'], { env: env() })
    expect(info.code).to.equal(0)
    expect(JSON.parse(info.stdout).schema).to.equal('current')
    const { pgdata } = embeddedPaths(dataDir)
    expect(existsSync(join(pgdata, 'PG_VERSION'))).to.equal(true)
    expect(existsSync(`${pgdata}.new`)).to.equal(false)
  })

  it('refuses a pgdata folder that is not a database, and deletes nothing in it', async () => {
    const { pgdata } = embeddedPaths(dataDir)
    await mkdir(pgdata, { recursive: true })
    await writeFile(join(pgdata, 'notes.txt'), 'mine\n')
    const result = await runBinary(undefined, ['db', 'info'], { env: { ...env(), WISHLIST_LOCK_TIMEOUT: '10' } })
    expect(result.code).to.equal(1)
    expect(result.stderr).to.match(/^error: The embedded database in .* failed to start: .*pgdata is not a database but is not empty either; move it away/)
    expect(result.stderr.trim().split('\n')).to.have.length(2)
    expect(await readFile(join(pgdata, 'notes.txt'), 'utf8')).to.equal('mine\n')
    expect(existsSync(`${pgdata}.new`)).to.equal(false)
  })

  it('brings a database an older version left behind up to date when it starts', async () => {
    expect((await runBinary(undefined, ['db', 'rollback'], { env: env() })).code).to.equal(0)
    const before = await runBinary(undefined, ['db', 'info', '--json'], { env: env() })
    expect(JSON.parse(before.stdout).schema).to.equal('behind')
    await stopEmbeddedServer(dataDir)
    // `db info` itself never migrates: the server did, before it opened its socket.
    const after = await runBinary(undefined, ['db', 'info', '--json'], { env: env() })
    expect(JSON.parse(after.stdout).schema).to.equal('current')
  })

  it('replaces a server that was killed, and keeps the data', async () => {
    await runBinary(undefined, ['db', 'shell'], { env: env(), stdin: insertUsers('k', 3) })
    const owner = (await readOwner(embeddedPaths(dataDir)))!
    process.kill(owner, 'SIGKILL')
    while (isAlive(owner)) await new Promise((resolve) => setTimeout(resolve, 10))
    const after = await runBinary(undefined, ['db', 'shell'], { env: env(), stdin: 'select count(*) from users;' })
    expect(after.code).to.equal(0)
    expect(after.stdout.trim()).to.equal('3')
    expect(await readOwner(embeddedPaths(dataDir))).to.not.equal(owner)
  })

  it('gives up with a clear message when another live process holds the directory', async () => {
    await runBinary(undefined, ['db', 'info'], { env: env() })
    await stopEmbeddedServer(dataDir)
    // A live process that holds the directory's lock but does not serve: this test process.
    const lock = (await holdLock(pathLockName(dataDir), ''))!
    try {
      const result = await runBinary(undefined, ['db', 'info'], { env: { ...env(), WISHLIST_LOCK_TIMEOUT: '1' } })
      expect(result.code).to.equal(1)
      expect(result.stderr).to.match(/^error: Gave up after 1 s waiting for the embedded database in .*: another process holds it\.\n/)
      expect(result.stderr.trim().split('\n')).to.have.length.at.most(2)
    } finally {
      await releaseLock(lock)
    }
  })

  it('gives up with a clear message when another command keeps the database busy (PGlite), or serves both at once (native)', async () => {
    const { engine } = JSON.parse((await runBinary(undefined, ['db', 'info', '--json'], { env: env() })).stdout)
    // PGlite runs one statement at a time: a long one holds every other connection.
    // PostgreSQL serves each connection in a process of its own.
    const busy = runBinary(undefined, ['db', 'shell'], { env: env(), stdin: 'select pg_sleep(4);' })
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const started = Date.now()
    const result = await runBinary(undefined, ['users'], { env: { ...env(), WISHLIST_LOCK_TIMEOUT: '1' } })
    if (engine === 'native') {
      expect(result.code, result.stderr).to.equal(0)
    } else {
      expect(result.code).to.equal(1)
      expect(result.stderr).to.match(/^error: The embedded database in .* stayed busy with another wishlist command; gave up waiting\.\n/)
      expect(result.stderr.trim().split('\n')).to.have.length(2)
    }
    expect(Date.now() - started).to.be.lessThan(3500)
    expect((await busy).code).to.equal(0)
  })

  it('never opens a database for --help or --version', async () => {
    for (const args of [['--help'], ['--version'], ['db', '--help'], ['db', 'migrate', '--help']]) {
      const result = await runBinary(undefined, args, { env: env() })
      expect(result.code, args.join(' ')).to.equal(0)
      expect(result.stdout).to.not.equal('')
    }
    expect(existsSync(dataDir)).to.equal(false)
  })

  it('stops when asked, and says so when it is not running', async () => {
    await runBinary(undefined, ['db', 'info'], { env: env() })
    const stop = await runBinary(undefined, ['db', 'stop'], { env: env() })
    expect(stop.code).to.equal(0)
    expect(stop.stderr).to.match(/Stopped the embedded database server/)
    expect(existsSync(embeddedPaths(dataDir).pidFile)).to.equal(false)
    const again = await runBinary(undefined, ['db', 'stop'], { env: env() })
    expect(again.stderr).to.match(/not running/)
    expect(await readFile(embeddedPaths(dataDir).log, 'utf8')).to.match(/stopped/)
  })
})
