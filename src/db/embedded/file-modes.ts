// Synchronous: the client checks its directories on every command, before it
// connects, and node:fs/promises would cost a few ms of start-up to load.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DatabaseError } from '../../errors.js'

/**
 * Another local account must not read or change a database: its WAL holds every
 * email and list name, and one overwritten file stops it from starting. Modes are set
 * explicitly rather than left to the umask, and PGlite creates its files 0666
 * whatever the umask, so the server tightens the whole directory on every start
 * (which also tightens databases made by older versions).
 */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Creates `dir` (and its parents) if missing and makes it 0700. */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  } catch (error) {
    // Node's recursive mkdir reports some failures (a read-only file system) as
    // ENOENT: the first missing directory's own mkdir says why.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    let missing = dir
    while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing)
    mkdirSync(missing, { mode: PRIVATE_DIR_MODE })
    throw error
  }
  if ((statSync(dir).mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE)
}

/** Every directory under `root` (and root) to `dirMode`, every file to `fileMode`. */
export function setTreeModes(root: string, dirMode: number, fileMode: number): void {
  chmodSync(root, dirMode)
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name)
    // Symbolic links are left alone: chmod would follow them out of the tree.
    if (entry.isDirectory()) setTreeModes(path, dirMode, fileMode)
    else if (entry.isFile()) chmodSync(path, fileMode)
  }
}

export function makeTreePrivate(root: string): void {
  setTreeModes(root, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE)
}

/**
 * A socket directory outside the data directory (in $XDG_RUNTIME_DIR or /tmp, see
 * paths.ts) is where commands send their queries: in a directory someone else made,
 * another account could put its own listener on the socket path and receive them.
 * So it is created 0700 and checked with lstat, never followed: a directory (not a
 * symbolic link), owned by this account, that no one else may write to.
 */
export function ensureSocketDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: PRIVATE_DIR_MODE })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const stat = lstatSync(dir)
  const uid = process.getuid?.()
  const problem = stat.isSymbolicLink()
    ? 'it is a symbolic link'
    : !stat.isDirectory()
      ? 'it is not a directory'
      : uid !== undefined && stat.uid !== uid
        ? `it belongs to another account (uid ${stat.uid})`
        : (stat.mode & 0o777) !== PRIVATE_DIR_MODE
          ? `its mode is ${(stat.mode & 0o777).toString(8).padStart(4, '0')}, not 0700`
          : undefined
  if (problem) {
    throw new DatabaseError(
      `Refusing the embedded database's socket directory ${dir}: ${problem}.`,
      'Remove it if it is not yours, set XDG_RUNTIME_DIR, or use a shorter --data-dir.',
    )
  }
}
