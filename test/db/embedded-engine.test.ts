import { expect } from 'chai'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nativeBinaries } from '../../src/db/embedded/engine.js'
import { readOwner } from '../../src/db/embedded/ownership.js'
import { embeddedPaths } from '../../src/db/embedded/paths.js'
import { accountCanRunCheckout, otherAccount, scratchHomeDir } from '../helpers/accounts.js'
import { TEST_ENV, stopEmbeddedServer } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'

// Two engines serve the embedded database: native PostgreSQL where it can run (not as
// root, binaries installed) and PGlite elsewhere; a data directory keeps the engine
// that made it. .ci/run runs the whole suite once per engine.

const root = process.getuid?.() === 0
const nativeHere = !root && nativeBinaries() !== undefined

describe('the embedded database engine', function () {
  this.timeout(120_000)
  let scratch: string
  let dataDir: string
  const env = (engine?: string) => ({
    ...TEST_ENV,
    WISHLIST_DATA_DIR: dataDir,
    WISHLIST_EMBEDDED_ENGINE: engine,
  })
  const info = async (engine?: string) => {
    const result = await runBinary(undefined, ['db', 'info', '--json'], { env: env(engine) })
    expect(result.code, result.stderr).to.equal(0)
    return JSON.parse(result.stdout) as Record<string, string>
  }

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'wishlist-engine-'))
    dataDir = join(scratch, 'data')
  })
  afterEach(async () => {
    await stopEmbeddedServer(dataDir)
    await rm(scratch, { recursive: true, force: true })
  })

  it('is the one WISHLIST_EMBEDDED_ENGINE names, else native where it can run, and `db info` says which', async () => {
    const forced = process.env.WISHLIST_EMBEDDED_ENGINE
    const expected = forced || (nativeHere ? 'native' : 'pglite')
    const shown = await info(forced)
    expect(shown.engine).to.equal(expected)
    expect(shown.schema).to.equal('current')
    // The native engine's server supervises a postmaster; PGlite's runs in-process.
    const server = (await readOwner(embeddedPaths(dataDir)))!
    const children = readFileSync(`/proc/${server}/task/${server}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
    const postmasters = children.filter((pid) => /\/postgres\0-D\0/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')))
    expect(postmasters).to.have.length(expected === 'native' ? 1 : 0)
  })

  it('native: PostgreSQL listens on no TCP address, only in the private socket directory, socket 0700', async function () {
    if (!nativeHere || (process.env.WISHLIST_EMBEDDED_ENGINE ?? 'native') !== 'native') {
      console.warn('    (skipped: the native engine is not this run\'s)')
      this.skip()
    }
    expect((await info()).engine).to.equal('native')
    const paths = embeddedPaths(dataDir)
    // postmaster.pid: pid, directory, start time, port, socket directory, listen address, ...
    const lines = readFileSync(join(paths.pgdata, 'postmaster.pid'), 'utf8').split('\n')
    expect(lines[4]).to.equal(paths.socketDir)
    expect(lines[5]).to.equal('')
    expect(statSync(paths.privateSocket).mode & 0o777).to.equal(0o700)
    // The public socket is the same socket (a hard link), made once migrated.
    expect(statSync(paths.socket).ino).to.equal(statSync(paths.privateSocket).ino)
  })

  it('keeps a PGlite directory on PGlite whatever engine is asked for later', async function () {
    expect((await info('pglite')).engine).to.equal('pglite')
    await stopEmbeddedServer(dataDir)
    if (!nativeHere) {
      console.warn('    (only the first half: the native engine cannot run here)')
      return
    }
    const again = await info('native')
    expect(again.engine).to.equal('pglite')
    expect(again.schema).to.equal('current')
  })

  it('keeps a native directory on the native engine when PGlite is asked for later', async function () {
    if (!nativeHere) {
      console.warn('    (skipped: the native engine cannot run here)')
      this.skip()
    }
    expect((await info('native')).engine).to.equal('native')
    await stopEmbeddedServer(dataDir)
    const again = await info('pglite')
    expect(again.engine).to.equal('native')
    expect(again.server_version).to.match(/^18\./)
  })

  it('refuses an unknown engine in one line', async () => {
    const result = await runBinary(undefined, ['db', 'info'], { env: env('sqlite') })
    expect(result.code).to.equal(1)
    expect(result.stderr).to.equal('error: WISHLIST_EMBEDDED_ENGINE must be native or pglite, not "sqlite".\n')
    expect(existsSync(embeddedPaths(dataDir).pgdata)).to.equal(false)
  })

  describe('as root', () => {
    before(function () {
      if (!root) {
        console.warn('    (skipped: not running as root)')
        this.skip()
      }
    })

    it('refuses the native engine in two lines, and creates nothing', async () => {
      const result = await runBinary(undefined, ['db', 'info'], { env: env('native') })
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        'error: Cannot run the native embedded engine as root (WISHLIST_EMBEDDED_ENGINE=native; PostgreSQL refuses root).\n' +
          'Run as another account, or set WISHLIST_EMBEDDED_ENGINE=pglite.\n',
      )
      expect(existsSync(embeddedPaths(dataDir).pgdata)).to.equal(false)
    })

    it('gives an unprivileged account the native engine, and refuses root its directory in two lines', async function () {
      const account = otherAccount()!
      if (!nativeBinaries()) {
        console.warn('    (skipped: the native binaries are not installed)')
        this.skip()
      }
      if (!accountCanRunCheckout(account)) this.skip()
      const home = await scratchHomeDir(account)
      const accountDir = join(home, 'data')
      try {
        const runEnv = { ...TEST_ENV, WISHLIST_DATA_DIR: accountDir, WISHLIST_EMBEDDED_ENGINE: undefined }
        const made = await runBinary(undefined, ['db', 'info', '--json'], { env: runEnv, user: account.name })
        expect(made.code, made.stderr).to.equal(0)
        expect(JSON.parse(made.stdout)).to.include({ engine: 'native', schema: 'current' })
        const stop = await runBinary(undefined, ['db', 'stop'], { env: runEnv, user: account.name })
        expect(stop.stderr).to.match(/Stopped the embedded database server/)
        // (While the account's server runs, root may connect to it like any client.)
        const asRoot = await runBinary(undefined, ['db', 'info'], { env: runEnv })
        expect(asRoot.code).to.equal(1)
        expect(asRoot.stderr).to.equal(
          `error: Cannot run the native embedded engine as root (the embedded database in ${accountDir} uses the native engine; PostgreSQL refuses root).\n` +
            'Run wishlist as the account that made it.\n',
        )
      } finally {
        await rm(home, { recursive: true, force: true })
      }
    })
  })
})
