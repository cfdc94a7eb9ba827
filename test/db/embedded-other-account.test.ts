import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { type Server, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ENGINES } from '../../src/db/embedded/engine.js'
import { embeddedPaths } from '../../src/db/embedded/paths.js'
import { OWNER_ACCOUNT, type OtherAccount, accountCanRunCheckout, otherAccount } from '../helpers/accounts.js'
import { TEST_ENV, stopEmbeddedServer } from '../helpers/databases.js'
import { skipUnlessEngineRuns } from '../helpers/engines.js'
import { type RunResult, runBinary } from '../helpers/run.js'

// Faults 5 and 6 of the embedded database, played out by two real accounts on every
// engine. Root can play neither part: it bypasses file permissions, and PostgreSQL
// refuses to run as root. So, as root, an unprivileged owner makes a database with
// each engine, and another account tries to read it, change it, connect to it, and
// to hand it a socket directory of its own. (A run that is not root skips this; the
// modes themselves are checked on every engine by embedded-files.test.ts.)

const SECRET_LIST = 'Secret birthday list'
const SECRET_EMAIL = 'owner-secret@example.com'

/** A command as `account`: its exit status and what it wrote. */
function as(account: OtherAccount, command: string[]): { status: number | null; output: string } {
  const result = spawnSync('runuser', ['-u', account.name, '--', ...command], { encoding: 'utf8' })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

/** Those of `files` that `account` could read or append to (one shell for them all). */
function readableOrWritable(account: OtherAccount, files: string[]): string[] {
  const script = 'for f; do cat "$f" >/dev/null 2>&1 && echo "read $f"; (printf x >> "$f") 2>/dev/null && echo "wrote $f"; done; true'
  const { status, output } = as(account, ['sh', '-c', script, 'sh', ...files])
  expect(status).to.equal(0)
  return output.split('\n').filter(Boolean)
}

/** Every regular file under root, as root sees them. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => join(root, name))
    .filter((path) => statSync(path).isFile())
}

for (const engine of ENGINES) {
  describe(`another local account, against an embedded database on ${engine}`, function () {
    this.timeout(180_000)
    let owner: OtherAccount
    let other: OtherAccount
    let scratch: string
    let dataDir: string
    let fake: Server | undefined

    before(function () {
      const owning = otherAccount(OWNER_ACCOUNT)
      const attacking = otherAccount()
      if (!owning || !attacking) {
        console.warn('    (skipped: only root can act as two other accounts)')
        return this.skip()
      }
      skipUnlessEngineRuns(this, engine, 'another account')
      if (!accountCanRunCheckout(owning)) return this.skip()
      owner = owning
      other = attacking
    })
    beforeEach(async () => {
      // A directory every account may enter, as a home often is: only the database's
      // own modes stand between the two accounts.
      scratch = await mkdtemp(join(tmpdir(), 'wishlist-two-accounts-'))
      await chmod(scratch, 0o755)
      await chown(scratch, owner.uid, owner.gid)
      dataDir = join(scratch, 'data')
    })
    afterEach(async () => {
      await new Promise((resolve) => (fake ? fake.close(resolve) : resolve(undefined)))
      fake = undefined
      await stopEmbeddedServer(dataDir)
      await rm(embeddedPaths(dataDir, { XDG_RUNTIME_DIR: undefined }).socketDir, { recursive: true, force: true })
      await rm(scratch, { recursive: true, force: true })
    })

    const asOwner = (args: string[]): Promise<RunResult> => {
      const saved = process.umask(0) // whatever the owner's umask, nothing is left open
      try {
        return runBinary(undefined, args, {
          user: owner.name,
          env: {
            ...TEST_ENV,
            WISHLIST_DATA_DIR: dataDir,
            WISHLIST_EMBEDDED_ENGINE: engine,
            XDG_CONFIG_HOME: join(scratch, 'config'),
            XDG_RUNTIME_DIR: undefined,
            TMPDIR: undefined,
            HOME: scratch,
          },
        })
      } finally {
        process.umask(saved)
      }
    }

    it('cannot read, change or connect to it, while it runs or after (fault 5)', async () => {
      expect((await asOwner(['users', 'add', '--email', SECRET_EMAIL])).code).to.equal(0)
      expect((await asOwner(['users', 'use', SECRET_EMAIL])).code).to.equal(0)
      expect((await asOwner(['books', 'add', '--title', 'A private title'])).code).to.equal(0)
      const added = await asOwner(['add', 'A private title', '-l', SECRET_LIST, '--create'])
      expect(added.code, added.stderr).to.equal(0)
      const info = JSON.parse((await asOwner(['db', 'info', '--json'])).stdout) as { engine: string; socket: string }
      expect(info.engine).to.equal(engine)

      const paths = embeddedPaths(dataDir)
      const files = filesUnder(dataDir)
      // The write-ahead log, a table's data file, the log and the config are all there.
      expect(files.some((file) => file.includes(`${join('pgdata', 'pg_wal')}/`))).to.equal(true)
      expect(files.filter((file) => file.includes(`${join('pgdata', 'base')}/`)).length).to.be.greaterThan(100)
      expect(readableOrWritable(other, [...files, join(scratch, 'config', 'wishlist', 'config.json')])).to.deep.equal([])
      for (const dir of [dataDir, paths.pgdata, join(scratch, 'config', 'wishlist')]) {
        expect(as(other, ['ls', dir]).status, `another account listed ${dir}`).to.not.equal(0)
      }
      expect(as(other, ['rm', '-rf', paths.pgdata]).status).to.not.equal(0)
      // The server's socket: another account cannot reach it, so cannot connect.
      const connect = as(other, [process.execPath, '-e', connectScript, info.socket])
      expect(connect.output).to.match(/EACCES/)

      // And the owner's database is as it was.
      const shown = await asOwner(['show', SECRET_LIST, '--json'])
      expect(shown.code, shown.stderr).to.equal(0)
      expect(JSON.parse(shown.stdout).books.map((book: { title: string }) => book.title)).to.deep.equal(['A private title'])
      await stopEmbeddedServer(dataDir)
      expect(readableOrWritable(other, filesUnder(dataDir))).to.deep.equal([])
    })

    it('cannot hand it a socket directory, nor receive its commands (fault 6)', async () => {
      // A data directory whose path is too long for a socket inside it: the socket goes
      // to the temporary directory, where another account can make the directory first.
      dataDir = join(scratch, 'a-data-directory-whose-path-is-long-enough-that-its-socket-cannot-live-in-it', 'data')
      const socketDir = embeddedPaths(dataDir, { XDG_RUNTIME_DIR: undefined }).socketDir
      expect(socketDir.startsWith(tmpdir())).to.equal(true)
      expect(as(other, ['mkdir', '-m', '0777', socketDir]).status).to.equal(0)
      await chmod(socketDir, 0o777) // mkdir -m is subject to nothing, but be sure
      let connections = 0
      fake = createServer((socket) => {
        connections += 1
        socket.destroy()
      })
      await new Promise<void>((resolve) => fake!.listen(join(socketDir, '.s.PGSQL.5432'), resolve))

      const refused = await asOwner(['users', 'add', '--email', SECRET_EMAIL])
      expect(refused.code).to.equal(1)
      expect(refused.stderr).to.match(
        new RegExp(`^error: Refusing the embedded database's socket directory ${socketDir}: it belongs to another account \\(uid ${other.uid}\\)\\.\n`),
      )
      expect(refused.stderr.trim().split('\n')).to.have.length(2)
      expect(connections).to.equal(0)

      // Once it is gone, the owner's own 0700 directory takes its place.
      await new Promise((resolve) => fake!.close(resolve))
      fake = undefined
      await rm(socketDir, { recursive: true, force: true })
      const made = await asOwner(['users', 'add', '--email', SECRET_EMAIL])
      expect(made.code, made.stderr).to.equal(0)
      const stat = statSync(socketDir)
      expect([stat.uid, stat.mode & 0o777]).to.deep.equal([owner.uid, 0o700])
      expect(as(other, [process.execPath, '-e', connectScript, join(socketDir, '.s.PGSQL.5432')]).output).to.match(/EACCES/)
    })
  })
}

/** Node, as another account: connect to the Unix socket in argv[1], print the error code. */
const connectScript = `
const socket = require('node:net').connect(process.argv[1])
socket.on('connect', () => { console.log('connected'); process.exit(0) })
socket.on('error', (error) => { console.log(error.code); process.exit(1) })
`
