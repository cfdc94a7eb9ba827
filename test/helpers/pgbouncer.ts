import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, connect as connectSocket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SERVER_URL } from './databases.js'

/**
 * A PgBouncer in transaction pooling mode in front of the test server, as managed
 * PostgreSQL services put one: on a free local port, with its own configuration and
 * auth file (auth_type trust: the user names must be listed there), started by the
 * test and stopped by it. PgBouncer refuses to run as root: then it runs as the
 * `postgres` account (setpriv, so the pid is PgBouncer's own).
 */
export interface PgBouncer {
  port: number
  /** The test server's URL for this database and user, through PgBouncer. */
  url(database: string, user?: string): string
  /** Lets these users in too (rewrites the auth file and reloads). */
  addUsers(users: string[]): Promise<void>
  stop(): Promise<void>
}

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer']

/** PgBouncer's executable, or undefined when it is not installed. */
export function pgbouncerPath(): string | undefined {
  return CANDIDATES.find((path) => existsSync(path))
}

/** True when PgBouncer is installed. Under CI=true its absence is a failure (.ci/run installs it). */
export function pgbouncerAvailable(): boolean {
  if (pgbouncerPath()) return true
  if (process.env.CI === 'true') throw new Error('CI=true and pgbouncer is not installed (apt-get install -y pgbouncer)')
  return false
}

export async function startPgBouncer(users: string[] = []): Promise<PgBouncer> {
  const executable = pgbouncerPath()
  if (!executable) throw new Error('pgbouncer is not installed')
  const server = new URL(SERVER_URL)
  const dir = await mkdtemp(join(tmpdir(), 'wishlist-pgbouncer-'))
  // Readable by the account it runs as; it writes nothing (log on stderr, no pid file).
  await chmod(dir, 0o755)
  const port = await freePort()
  const known = new Set(['postgres', ...users])
  const authFile = join(dir, 'users.txt')
  const writeAuth = async () => {
    await writeFile(authFile, [...known].map((user) => `"${user}" ""\n`).join(''), { mode: 0o644 })
    await chmod(authFile, 0o644)
  }
  await writeAuth()
  const config = join(dir, 'pgbouncer.ini')
  await writeFile(
    config,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${authFile}`,
      'pool_mode = transaction',
      'max_client_conn = 200',
      'default_pool_size = 4',
      // What pg and psql send at start-up that PgBouncer would otherwise refuse.
      'ignore_startup_parameters = extra_float_digits,options',
      '',
    ].join('\n'),
    { mode: 0o644 },
  )
  await chmod(config, 0o644)
  const command =
    process.getuid?.() === 0
      ? ['setpriv', '--reuid=postgres', '--regid=postgres', '--clear-groups', executable, config]
      : [executable, config]
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr!.on('data', (chunk) => (log += chunk))
  await waitForPort(port, child, () => log)
  return {
    port,
    url(database, user = 'postgres') {
      return `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`
    },
    async addUsers(more) {
      for (const user of more) known.add(user)
      await writeAuth()
      child.kill('SIGHUP')
      // The reload is read between events: give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 200))
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}): ${log()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connectSocket(port, '127.0.0.1')
      socket.once('connect', () => (socket.end(), resolve(true)))
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill('SIGTERM')
  throw new Error(`pgbouncer did not listen on ${port} within 10 s: ${log()}`)
}
