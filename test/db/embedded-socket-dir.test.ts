import { expect } from 'chai'
import { chmod, chown, lstat, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { type Server, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { embeddedPaths } from '../../src/db/embedded/paths.js'
import { otherAccount } from '../helpers/accounts.js'
import { TEST_ENV, stopEmbeddedServer } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'

/** A listener on `path` that counts the connections it gets and sends nothing. */
async function fakeListener(path: string): Promise<{ server: Server; connections: () => number }> {
  let count = 0
  const server = createServer((socket) => {
    count += 1
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(path, resolve))
  return { server, connections: () => count }
}

describe('the socket directory of a data directory with a long path', function () {
  this.timeout(120_000)
  let scratch: string
  let dataDir: string
  let socketDir: string
  let fake: Awaited<ReturnType<typeof fakeListener>> | undefined
  // Without XDG_RUNTIME_DIR the socket goes to the temporary directory.
  const env = () => ({ ...TEST_ENV, WISHLIST_DATA_DIR: dataDir, XDG_RUNTIME_DIR: undefined })

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'wishlist-socketdir-'))
    dataDir = join(scratch, 'a-data-directory-whose-path-is-long-enough-that-its-socket-cannot-live-in-it', 'data')
    socketDir = embeddedPaths(dataDir, { XDG_RUNTIME_DIR: undefined }).socketDir
    expect(socketDir.startsWith(tmpdir())).to.equal(true)
  })
  afterEach(async () => {
    await new Promise((resolve) => fake?.server.close(resolve) ?? resolve(undefined))
    fake = undefined
    await stopEmbeddedServer(dataDir)
    await rm(socketDir, { recursive: true, force: true })
    await rm(scratch, { recursive: true, force: true })
  })

  it('is made 0700 by its owner on first use', async () => {
    const info = await runBinary(undefined, ['db', 'info', '--json'], { env: env() })
    expect(info.code, info.stderr).to.equal(0)
    expect(JSON.parse(info.stdout).socket).to.equal(join(socketDir, '.s.PGSQL.5432'))
    const stat = await lstat(socketDir)
    expect(stat.isDirectory() && !stat.isSymbolicLink()).to.equal(true)
    expect(stat.mode & 0o777).to.equal(0o700)
    expect(stat.uid).to.equal(process.getuid!())
  })

  it('is refused when another account made it, and its listener is never contacted', async function () {
    const account = otherAccount()
    if (!account) {
      console.warn('    (skipped: only root can make a directory that belongs to another account)')
      this.skip()
    }
    await mkdir(socketDir)
    await chmod(socketDir, 0o777)
    fake = await fakeListener(join(socketDir, '.s.PGSQL.5432'))
    await chown(socketDir, account!.uid, account!.gid)
    const result = await runBinary(undefined, ['db', 'info'], { env: env() })
    expect(result.code).to.equal(1)
    expect(result.stderr).to.match(
      new RegExp(`^error: Refusing the embedded database's socket directory ${socketDir}: it belongs to another account \\(uid ${account!.uid}\\)\\.\n`),
    )
    expect(result.stderr.trim().split('\n')).to.have.length(2)
    expect(fake.connections()).to.equal(0)
  })

  it('is refused when others may write to it, or when it is a symbolic link', async () => {
    await mkdir(socketDir)
    await chmod(socketDir, 0o777)
    fake = await fakeListener(join(socketDir, '.s.PGSQL.5432'))
    const open = await runBinary(undefined, ['db', 'info'], { env: env() })
    expect(open.code).to.equal(1)
    expect(open.stderr).to.match(/socket directory .*: its mode is 0777, not 0700\./)
    expect(fake.connections()).to.equal(0)

    const target = join(scratch, 'elsewhere')
    await rm(socketDir, { recursive: true })
    await mkdir(target, { mode: 0o700 })
    await symlink(target, socketDir)
    const linked = await runBinary(undefined, ['db', 'info'], { env: env() })
    expect(linked.code).to.equal(1)
    expect(linked.stderr).to.match(/socket directory .*: it is a symbolic link\./)
  })

  it('lives in XDG_RUNTIME_DIR when it is set, whatever is in the temporary directory', async () => {
    await mkdir(socketDir)
    await chmod(socketDir, 0o777)
    fake = await fakeListener(join(socketDir, '.s.PGSQL.5432'))
    const runtime = join(scratch, 'run')
    await mkdir(runtime, { mode: 0o700 })
    const info = await runBinary(undefined, ['db', 'info', '--json'], { env: { ...env(), XDG_RUNTIME_DIR: runtime } })
    expect(info.code, info.stderr).to.equal(0)
    const socket = JSON.parse(info.stdout).socket as string
    expect(socket.startsWith(`${runtime}/wishlist-`)).to.equal(true)
    expect((await lstat(join(socket, '..'))).mode & 0o777).to.equal(0o700)
    expect(fake.connections()).to.equal(0)
    // Stopped with the same environment, so the server's socket is looked for there.
    const stop = await runBinary(undefined, ['db', 'stop'], { env: { ...env(), XDG_RUNTIME_DIR: runtime } })
    expect(stop.code).to.equal(0)
  })
})
