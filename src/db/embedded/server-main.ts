// Entry point of the background process that owns an embedded data directory.
// Started on demand by src/db/embedded/client.ts; stops itself when idle.
import { appendFileSync, writeSync } from 'node:fs'
import { engineFor } from './engine.js'
import { embeddedPaths } from './paths.js'

const dataDir = process.argv[2]
if (!dataDir) {
  process.stderr.write('usage: server-main DATA_DIR\n')
  process.exit(2)
}
// What PGlite and this process create belongs to the owner alone (see file-modes.ts).
process.umask(0o077)
const logFile = embeddedPaths(dataDir).log
const log = (message: string) => {
  try {
    appendFileSync(logFile, `${new Date().toISOString()} [${process.pid}] ${message}\n`)
  } catch {
    // A full disk: the client finds that out by itself (disk-space.ts).
  }
}

const idleSeconds = Number(process.env.WISHLIST_SERVER_IDLE_SECONDS ?? 120)

try {
  // Each engine's module only: the native supervisor never loads PGlite (300 MB).
  const start =
    engineFor(embeddedPaths(dataDir)) === 'native'
      ? (await import('./native-server.js')).startNativeServer
      : (await import('./server.js')).startEmbeddedServer
  const server = await start(dataDir, {
    idleMs: (Number.isFinite(idleSeconds) && idleSeconds > 0 ? idleSeconds : 120) * 1000,
    log,
    // stderr is the log file this server was started with (client.ts), by descriptor:
    // a log file by that name now may belong to a new directory.
    onLost(reason) {
      try {
        writeSync(2, `${new Date().toISOString()} [${process.pid}] ${reason}; stopping at once, without writing\n`)
      } finally {
        process.exit(1)
      }
    },
  })
  if (!server) {
    log('another process owns this directory; exiting')
  } else {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      process.on(signal, () => void server.stop())
    }
    await server.stopped
  }
} catch (error) {
  log(`failed: ${(error as Error).stack ?? error}`)
  process.stderr.write(`${(error as Error).message}\n`)
  // A PGlite that failed to start (a full disk, a PANIC) keeps the event loop alive:
  // without an explicit exit, a 260 MB process would wait here for ever.
  process.exit(1)
}
