import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, lstat, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ENGINES } from '../../src/db/embedded/engine.js'
import { TEMPLATE_PATH } from '../../src/db/embedded/server.js'
import { embeddedPaths } from '../../src/db/embedded/paths.js'
import { type OtherAccount, accountCanRunCheckout, mountTmpfs, otherAccount, scratchHomeDir } from '../helpers/accounts.js'
import { TEST_ENV, stopEmbeddedServer } from '../helpers/databases.js'
import { skipUnlessEngineRuns } from '../helpers/engines.js'
import { type RunOptions, type RunResult, runBinary } from '../helpers/run.js'

/** Every path under root (root included) with its permission bits and type. */
async function modes(root: string): Promise<{ path: string; mode: number; kind: 'dir' | 'file' | 'other'; uid: number }[]> {
  const stat = await lstat(root)
  const kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : 'other'
  const here = [{ path: root, mode: stat.mode & 0o777, kind, uid: stat.uid } as const]
  if (!stat.isDirectory()) return here
  const below = await Promise.all((await readdir(root)).map((name) => modes(join(root, name))))
  return [...here, ...below.flat()]
}

/** Paths another account could read, write or enter, with their modes. */
async function notPrivate(root: string): Promise<string[]> {
  return (await modes(root))
    .filter(({ mode, kind }) => (kind === 'dir' ? mode !== 0o700 : kind === 'file' ? mode !== 0o600 : (mode & 0o077) !== 0))
    .map(({ path, mode }) => `${path} ${mode.toString(8)}`)
}

/** runBinary with umask 000: the spawned command and the server it starts inherit it. */
function withOpenUmask(args: string[], options: RunOptions): Promise<RunResult> {
  const saved = process.umask(0)
  try {
    return runBinary(undefined, args, options)
  } finally {
    process.umask(saved)
  }
}

describe('the embedded database files', function () {
  this.timeout(120_000)
  let scratch: string
  let dataDir: string
  let configHome: string
  const env = () => ({ ...TEST_ENV, WISHLIST_DATA_DIR: dataDir, XDG_CONFIG_HOME: configHome })

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'wishlist-files-'))
    dataDir = join(scratch, 'data')
    configHome = join(scratch, 'config')
  })
  afterEach(async () => {
    await stopEmbeddedServer(dataDir)
    await rm(scratch, { recursive: true, force: true })
  })

  it('are the owner’s alone (directories 0700, files 0600) under umask 000, config.json included', async () => {
    const add = await withOpenUmask(['users', 'add', '--email', 'ada@example.com'], { env: env() })
    expect(add.code, add.stderr).to.equal(0)
    expect((await withOpenUmask(['users', 'use', 'ada@example.com'], { env: env() })).code).to.equal(0)
    expect((await withOpenUmask(['books', 'add', '--title', 'A private title'], { env: env() })).code).to.equal(0)
    const entry = await withOpenUmask(['add', 'A private title', '-l', 'Secret', '--create'], { env: env() })
    expect(entry.code, entry.stderr).to.equal(0)
    expect(await notPrivate(dataDir)).to.deep.equal([])
    expect(await notPrivate(join(configHome, 'wishlist'))).to.deep.equal([])
    expect(existsSync(join(configHome, 'wishlist', 'config.json'))).to.equal(true)
    // The WAL and the data files are there to check (not an empty directory).
    expect((await modes(embeddedPaths(dataDir).pgdata)).length).to.be.greaterThan(500)
  })

  it('tightens a database that an older version left readable by everyone, when its server starts', async () => {
    expect((await runBinary(undefined, ['users', 'add', '--email', 'ada@example.com'], { env: env() })).code).to.equal(0)
    await stopEmbeddedServer(dataDir)
    // What older versions left: 0755 directories, 0666 files, a 0644 log.
    execFileSync('chmod', ['-R', 'u=rwX,go=rwX', dataDir])
    execFileSync('find', [dataDir, '-type', 'd', '-exec', 'chmod', '0755', '{}', '+'])
    await chmod(embeddedPaths(dataDir).log, 0o644)
    expect(await notPrivate(dataDir)).to.not.deep.equal([])
    const users = await runBinary(undefined, ['users'], { env: env() })
    expect(users.code, users.stderr).to.equal(0)
    expect(users.stdout).to.match(/ada@example\.com/)
    expect(await notPrivate(dataDir)).to.deep.equal([])
  })

  it('start from a template that every account can read and none can change', async () => {
    const problems = (await modes(TEMPLATE_PATH))
      .filter(({ mode, kind }) => mode !== (kind === 'dir' ? 0o755 : 0o644))
      .map(({ path, mode }) => `${path} ${mode.toString(8)}`)
    expect(problems).to.deep.equal([])
  })

  describe('in an install built by another account', () => {
    let account: OtherAccount | undefined
    let home: string | undefined
    before(function () {
      account = otherAccount()
      if (!account) {
        console.warn('    (skipped: only root can run a command as another account)')
        this.skip()
      }
      if (!accountCanRunCheckout(account)) this.skip()
    })
    afterEach(async () => {
      if (home) {
        await stopEmbeddedServer(join(home, 'data', 'wishlist'))
        await rm(home, { recursive: true, force: true })
      }
    })

    // PGlite copies the template root built (fault 7: its 0600 files once failed with
    // EACCES); the native engine runs initdb as the account.
    for (const engine of ENGINES) {
      it(`lets an unprivileged account create its own database, private to it (${engine})`, async function () {
        skipUnlessEngineRuns(this, engine, 'another account')
        // This build (dist/) was made by root; the account has a HOME of its own.
        home = await scratchHomeDir(account!)
        const dataHome = join(home, 'data')
        const runEnv = { ...TEST_ENV, XDG_DATA_HOME: dataHome, XDG_CONFIG_HOME: join(home, 'config'), WISHLIST_EMBEDDED_ENGINE: engine }
        const info = await runBinary(undefined, ['db', 'info', '--json'], { env: runEnv, user: account!.name })
        expect(info.code, info.stderr).to.equal(0)
        expect(JSON.parse(info.stdout)).to.include({ schema: 'current', engine })
        const dataDir = join(dataHome, 'wishlist')
        const all = await modes(dataDir)
        expect(all.filter(({ uid }) => uid !== account!.uid).map(({ path }) => path)).to.deep.equal([])
        expect(await notPrivate(dataDir)).to.deep.equal([])
      })
    }

    it('says in one line that an unwritable XDG_DATA_HOME cannot hold the database, and how to choose another', async () => {
      home = await scratchHomeDir(account!)
      const readOnly = join(home, 'not-yours')
      execFileSync('mkdir', ['-m', '0755', readOnly]) // owned by root: the account cannot write here
      const result = await runBinary(undefined, ['show'], {
        env: { ...TEST_ENV, XDG_DATA_HOME: readOnly, XDG_CONFIG_HOME: join(home, 'config') },
        user: account!.name,
      })
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        `error: Cannot use ${join(readOnly, 'wishlist')} for the embedded database (permission denied); choose a writable directory with --data-dir or WISHLIST_DATA_DIR.\n`,
      )
    })
  })

  it('says in one line when XDG_DATA_HOME lies under a regular file', async () => {
    await writeFile(join(scratch, 'a-file'), 'not a directory\n')
    const dataHome = join(scratch, 'a-file', 'share')
    const result = await runBinary(undefined, ['show'], { env: { ...TEST_ENV, XDG_DATA_HOME: dataHome, XDG_CONFIG_HOME: configHome } })
    expect(result.code).to.equal(1)
    expect(result.stderr).to.equal(
      `error: Cannot use ${join(dataHome, 'wishlist')} for the embedded database (a part of the path is not a directory); choose a writable directory with --data-dir or WISHLIST_DATA_DIR.\n`,
    )
  })

  it('says in one line when XDG_DATA_HOME is on a read-only file system', async function () {
    const disk = await mountTmpfs(1)
    if (!disk) this.skip()
    try {
      if (!(await disk!.makeReadOnly())) {
        console.warn('    (skipped: only root can make a file system read-only)')
        this.skip()
      }
      const result = await runBinary(undefined, ['show'], { env: { ...TEST_ENV, XDG_DATA_HOME: disk!.dir, XDG_CONFIG_HOME: configHome } })
      expect(result.code).to.equal(1)
      expect(result.stderr).to.equal(
        `error: Cannot use ${join(disk!.dir, 'wishlist')} for the embedded database (the file system is read-only); choose a writable directory with --data-dir or WISHLIST_DATA_DIR.\n`,
      )
    } finally {
      await disk!.unmount()
    }
  })
})
