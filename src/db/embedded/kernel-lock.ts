import { createHash } from 'node:crypto'
import { type Server, connect, createServer } from 'node:net'
import { resolve } from 'node:path'

/**
 * Locks that the kernel holds for a process and drops the moment it exits (a zombie
 * holds none), whatever happens to the files: a Unix socket bound in Linux's abstract
 * namespace (a name starting with NUL, no file behind it). Only one process can bind
 * a name; binding again fails with EADDRINUSE until the holder exits or lets go.
 * Node can take no flock/fcntl lock without a native addon, and PGlite takes none.
 *
 * Names are per network namespace and shared by every user of it: processes in other
 * network namespaces (containers) sharing one directory do not see each other's locks,
 * and another local user could squat a name (a refusal to start, never two writers).
 */
export const pathLockName = (dir: string) =>
  `\0wishlist-path-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32)}`

export const inodeLockName = (stats: { dev: bigint; ino: bigint }) => `\0wishlist-inode-${stats.dev}-${stats.ino}`

/**
 * Binds the name; undefined when another process holds it. Whoever connects is sent
 * `greeting` (the holder's pid and start time), so `db stop` can find the holder
 * even when server.pid was deleted.
 */
export function holdLock(name: string, greeting: string): Promise<Server | undefined> {
  return new Promise((done, fail) => {
    const server = createServer((socket) => socket.on('error', () => {}).end(greeting))
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? done(undefined) : fail(error)))
    server.listen(name, () => done(server))
  })
}

export function releaseLock(server: Server): Promise<void> {
  return new Promise((done) => server.close(() => done()))
}

/** 'free', the holder's greeting, or 'silent' when the holder does not answer in time (suspended, busy). */
export function askHolder(name: string, timeoutMs: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect(name)
    let answer = ''
    const finish = (result: string) => {
      clearTimeout(timer)
      socket.destroy()
      done(result)
    }
    const timer = setTimeout(() => finish('silent'), timeoutMs)
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('end', () => finish(answer || 'silent'))
    // Refused: nobody has bound the name. Anything else: a holder that went wrong.
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'free' : answer || 'silent'))
  })
}

export function isHeld(name: string): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(name)
    socket.once('connect', () => {
      socket.destroy()
      done(true)
    })
    // Only a refusal means nobody holds it: a full backlog (EAGAIN), while the holder's
    // event loop is busy opening PGlite, means somebody does.
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code !== 'ECONNREFUSED'))
  })
}
