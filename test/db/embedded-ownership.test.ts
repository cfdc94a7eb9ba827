import { expect } from 'chai'
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import knexFactory from 'knex'
import '../../src/db/pg-driver.js'
import { canConnect } from '../../src/db/embedded/client.js'
import { readOwner } from '../../src/db/embedded/ownership.js'
import { embeddedPaths } from '../../src/db/embedded/paths.js'
import { TEST_ENV, stopEmbeddedServer } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'

// The faults of the embedded-database issue about who owns a data directory: files
// deleted or rewritten under a running server, killed and zombie servers, pids that
// name other processes. Every command here must find or start exactly one server.

const SERVER_MAIN = fileURLToPath(new URL('../../dist/src/db/embedded/server-main.js', import.meta.url))

/** The state letter of /proc/PID/stat (R, S, T, Z ...), or undefined when there is no such process. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
  } catch {
    return undefined
  }
}
const lives = (pid: number) => processState(pid) !== undefined && processState(pid) !== 'Z'

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('who owns an embedded data directory', function () {
  this.timeout(120_000)
  let dataDir: string
  let spawned: ChildProcess[]
  let strays: number[]
  const env = (extra: Record<string, string> = {}) => ({ ...TEST_ENV, WISHLIST_DATA_DIR: dataDir, ...extra })
  // Well under the 30 s default: a command that waits for a dead owner fails here.
  const patient = () => env({ WISHLIST_LOCK_TIMEOUT: '10' })
  const count = async () =>
    (await runBinary(undefined, ['db', 'shell'], { env: patient(), stdin: 'select count(*) from users;' })).stdout.trim()

  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'wishlist-owner-')), 'data')
    spawned = []
    strays = []
  })
  afterEach(async () => {
    for (const pid of strays) signal(pid, 'SIGCONT')
    await stopEmbeddedServer(dataDir)
    for (const pid of strays) signal(pid, 'SIGKILL')
    for (const child of spawned) child.kill('SIGKILL')
    await waitFor('every server to exit', () => !strays.some(lives))
    await rm(join(dataDir, '..'), { recursive: true, force: true })
  })
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name)
    } catch {}
  }

  /** An unrelated live process, such as a pid file may name after the pid is reused. */
  function unrelatedProcess(): number {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' })
    spawned.push(child)
    return child.pid!
  }

  async function startServer(extraEnv: Record<string, string> = {}): Promise<number> {
    const info = await runBinary(undefined, ['db', 'info'], { env: env(extraEnv) })
    expect(info.code, info.stderr).to.equal(0)
    const pid = (await readOwner(embeddedPaths(dataDir)))!
    strays.push(pid)
    return pid
  }

  it('never lets a second server in while a client is still connected, even with server.pid and the socket deleted', async () => {
    const first = await startServer()
    const paths = embeddedPaths(dataDir)
    const knex = knexFactory({
      client: 'pg',
      connection: { host: paths.socketDir, port: 5432, user: 'postgres', database: 'postgres' },
      pool: { min: 1, max: 1 },
    })
    try {
      for (let index = 0; index < 40; index++) await knex('users').insert({ email: `kept-${index}@example.com` })
      await rm(paths.pidFile)
      await rm(paths.socket)
      const second = await runBinary(undefined, ['db', 'shell'], {
        env: patient(),
        stdin: "insert into users (email) values ('after@example.com');",
      })
      expect(second.code, second.stderr).to.equal(0)
      // The second server served only once the first had gone.
      expect(lives(first)).to.equal(false)
    } finally {
      await knex.destroy()
    }
    await stopEmbeddedServer(dataDir)
    expect(await count()).to.equal('41')
  })

  it('stops a server whose data directory is deleted, and the new directory keeps working', async () => {
    // An old server left running would idle out, closing PGlite (which writes), soon
    // after the new database is made, and remove the new server's socket.
    const first = await startServer({ WISHLIST_SERVER_IDLE_SECONDS: '20' })
    // As `rm -rf` would, again if it must: a native postmaster that has just started
    // may still be adding a WAL segment while the tree goes (ENOTEMPTY).
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 })
    const created = await runBinary(undefined, ['db', 'shell'], {
      env: patient(),
      stdin: "insert into users (email) values ('new@example.com');",
    })
    expect(created.code, created.stderr).to.equal(0)
    const firstServedAlongside = lives(first)
    await waitFor('the first server to stop', () => !lives(first))
    expect(await count()).to.equal('1')
    const stop = await runBinary(undefined, ['db', 'stop'], { env: env() })
    expect(stop.stderr).to.match(/Stopped the embedded database server/)
    expect(await count()).to.equal('1')
    expect(firstServedAlongside).to.equal(false)
  })

  it('stops a server whose data directory is replaced, even by one holding its pgdata and server.pid', async () => {
    const first = await startServer()
    const paths = embeddedPaths(dataDir)
    const pidText = readFileSync(paths.pidFile, 'utf8')
    const aside = join(dataDir, '..', 'pgdata')
    await rename(paths.pgdata, aside)
    await rm(dataDir, { recursive: true, force: true })
    // ext4 may give it the deleted directory's inode number; its birth time differs.
    await mkdir(dataDir)
    await rename(aside, paths.pgdata)
    await writeFile(paths.pidFile, pidText)
    await waitFor('the server to stop', () => !lives(first), 10_000)
    const info = await runBinary(undefined, ['db', 'info'], { env: patient() })
    expect(info.code, info.stderr).to.equal(0)
  })

  it('stops a server whose server.pid is rewritten to name another process, and leaves that process alone', async () => {
    const first = await startServer()
    const other = unrelatedProcess()
    await writeFile(embeddedPaths(dataDir).pidFile, `${other}\n`)
    await waitFor('the server to stop', () => !lives(first))
    expect((await runBinary(undefined, ['db', 'info'], { env: patient() })).code).to.equal(0)
    expect(lives(other)).to.equal(true)
  })

  it('replaces a killed server that is still a zombie at once', async () => {
    // A parent that spawns the server and then blocks its event loop, so it never
    // reaps it (Node reaps children from its loop): a killed server stays a zombie.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        "const child = require('node:child_process').spawn(process.argv[1], process.argv.slice(2), { stdio: 'ignore' })\n" +
          "require('node:fs').writeSync(1, child.pid + '\\n')\n" +
          'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3_600_000)\n',
        process.execPath,
        SERVER_MAIN,
        dataDir,
      ],
      { env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    spawned.push(parent)
    const zombie = await new Promise<number>((resolve) => parent.stdout!.once('data', (line) => resolve(Number(String(line)))))
    await waitFor('the server to serve', () => canConnect(embeddedPaths(dataDir).socket), 60_000)
    process.kill(zombie, 'SIGKILL')
    await waitFor('the server to become a zombie', () => processState(zombie) === 'Z')

    const next = await runBinary(undefined, ['db', 'info'], { env: patient() })
    expect(next.code, next.stderr).to.equal(0)
    expect(await readOwner(embeddedPaths(dataDir))).to.not.equal(zombie)
    strays.push((await readOwner(embeddedPaths(dataDir)))!)
  })

  it('starts a server when server.pid names a live unrelated process, and leaves that process alone', async () => {
    const other = unrelatedProcess()
    await mkdir(dataDir, { recursive: true })
    await writeFile(embeddedPaths(dataDir).pidFile, `${other}\n`)
    const result = await runBinary(undefined, ['db', 'info'], { env: patient() })
    expect(result.code, result.stderr).to.equal(0)
    expect(lives(other)).to.equal(true)
  })

  it('`db stop` never signals a process that is not the server', async () => {
    await startServer()
    await stopEmbeddedServer(dataDir)
    const other = unrelatedProcess()
    await writeFile(embeddedPaths(dataDir).pidFile, `${other}\n`)
    const stop = await runBinary(undefined, ['db', 'stop'], { env: env() })
    expect(stop.code).to.equal(0)
    expect(stop.stderr).to.match(/not running/)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(lives(other)).to.equal(true)
  })

  it('`db stop` says so when the server is suspended, instead of claiming it stopped', async () => {
    const server = await startServer()
    process.kill(server, 'SIGSTOP')
    const stop = await runBinary(undefined, ['db', 'stop'], { env: env() })
    expect(stop.code).to.equal(1)
    expect(stop.stderr).to.not.match(/Stopped/)
    expect(stop.stderr).to.match(/^error: The embedded database server \(pid \d+\) is suspended/)
    expect(stop.stderr.trim().split('\n')).to.have.length.at.most(2)
    expect(processState(server)).to.equal('T')
    // The stop request waits for it: resumed, the server stops.
    process.kill(server, 'SIGCONT')
    await waitFor('the server to stop', () => !lives(server))
  })

  it('leaves a directory that a server of an earlier version still has open alone, saying so', async () => {
    // Earlier versions took no kernel lock and wrote a bare pid: a stand-in with its command line.
    const earlier = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', join('dist', 'server-main.js'), dataDir], { stdio: 'ignore' })
    spawned.push(earlier)
    await mkdir(dataDir, { recursive: true })
    await writeFile(embeddedPaths(dataDir).pidFile, `${earlier.pid}\n`)
    await waitFor('the stand-in to start', () => readFileSync(`/proc/${earlier.pid}/cmdline`, 'utf8').includes('server-main'))
    const result = await runBinary(undefined, ['db', 'info'], { env: patient() })
    expect(result.code).to.equal(1)
    // After the notice that a new database is being made, since there is no pgdata yet.
    const [, ...error] = result.stderr.trim().split('\n')
    expect(error[0]).to.match(
      /^error: The embedded database in .* failed to start: a server of an earlier wishlist version \(pid \d+\) still has this directory open; stop it first/,
    )
    expect(error).to.have.length(2)
    const stop = await runBinary(undefined, ['db', 'stop'], { env: env() })
    expect(stop.stderr).to.match(/Stopped the embedded database server/)
    expect(lives(earlier.pid!)).to.equal(false)
  })

  it('ignores a startup.lock left behind as a regular file', async () => {
    await mkdir(dataDir, { recursive: true })
    await writeFile(join(dataDir, 'startup.lock'), '')
    const result = await runBinary(undefined, ['db', 'info'], { env: patient() })
    expect(result.code, result.stderr).to.equal(0)
  })

  it('serves again when its socket is deleted, keeping the same server', async () => {
    const server = await startServer()
    await rm(embeddedPaths(dataDir).socket)
    const result = await runBinary(undefined, ['db', 'info'], { env: patient() })
    expect(result.code, result.stderr).to.equal(0)
    expect(await readOwner(embeddedPaths(dataDir))).to.equal(server)
  })
})
