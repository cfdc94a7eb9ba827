import type { Stats } from 'node:fs'
import { lstat, open, readlink, realpath, stat } from 'node:fs/promises'
import { isatty } from 'node:tty'
import { dirname, join, resolve, sep } from 'node:path'
import { writeFileAtomic } from '../../atomic-write.js'
import { UsageError, WishlistError } from '../../errors.js'

/** Where `-o FILE` puts its bytes, decided before any database work. */
export interface OutputFile {
  /** The path as the user gave it: every message names this one. */
  given: string
  /** The file that is replaced: the path with its symbolic links followed. */
  target: string
  /** The file being replaced, when there is one: its mode is kept. */
  existing?: Stats
  /** A device, a FIFO or a socket (/dev/stdout, a named pipe): written in place, never replaced. */
  inPlace: boolean
}

/**
 * Checks FILE and says what is wrong with it in its own words (exit 2): a directory, a
 * missing or non-directory parent, a name ending in "/". Symbolic links are followed to
 * the file they name, so replacing the file leaves the link a link.
 */
export async function resolveOutputFile(given: string): Promise<OutputFile> {
  const cannot = (why: string, hint?: string) => new UsageError(`Cannot write ${given}: ${why}.`, hint)
  if (given === '') throw cannot('the file name is empty')
  let stats: Stats | undefined
  try {
    stats = await stat(given)
  } catch (error) {
    if (codeOf(error) === 'ENOTDIR') throw cannot(`${await firstFile(dirname(given))} is not a directory`)
    if (codeOf(error) !== 'ENOENT') throw cannot(reason(error))
  }
  if (stats?.isDirectory()) throw cannot('it is a directory', `Name a file in it, e.g. -o ${join(given, 'list.csv')}.`)
  if (stats?.isFile()) return { given, target: await realpath(given), existing: stats, inPlace: false }
  if (stats) return { given, target: given, inPlace: true }
  if (given.endsWith(sep)) throw cannot('no such directory')
  // A new file, perhaps named by a dangling link: it is created where the link points.
  const target = await linkTarget(given)
  const parent = dirname(target)
  const parentStats = await stat(parent).catch((error) => {
    throw codeOf(error) === 'ENOENT' ? cannot(`directory ${parent} does not exist`) : cannot(reason(error))
  })
  if (!parentStats.isDirectory()) throw cannot(`${parent} is not a directory`)
  return { given, target, inPlace: false }
}

/**
 * Writes the file whole or not at all (writeFileAtomic), with the replaced file's mode,
 * so an interrupted export never leaves half a file where a good one was. A device or FIFO is
 * written in place; if it is a terminal, `forTerminal` makes the text safe first.
 */
export async function writeOutputFile(file: OutputFile, content: string, forTerminal: (text: string) => string): Promise<void> {
  if (file.inPlace) return writeInPlace(file, content, forTerminal)
  try {
    // The replaced file's mode is kept.
    await writeFileAtomic(file.target, content, { mode: file.existing && file.existing.mode & 0o7777 })
  } catch (error) {
    throw writeError(file, error)
  }
}

async function writeInPlace(file: OutputFile, content: string, forTerminal: (text: string) => string): Promise<void> {
  try {
    const handle = await open(file.target, 'w')
    try {
      await handle.writeFile(isatty(handle.fd) ? forTerminal(content) : content)
    } finally {
      await handle.close()
    }
  } catch (error) {
    throw writeError(file, error)
  }
}

/** Follows a chain of symbolic links to the path it ends at (which need not exist). */
async function linkTarget(path: string): Promise<string> {
  let current = path
  for (let hops = 0; hops < 40; hops++) {
    const stats = await lstat(current).catch(() => undefined)
    if (!stats?.isSymbolicLink()) return current
    current = resolve(dirname(current), await readlink(current))
  }
  throw new UsageError(`Cannot write ${path}: ${reason({ code: 'ELOOP' })}.`)
}

/** The nearest existing ancestor of a path that failed with ENOTDIR: the file in the way. */
async function firstFile(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    const stats = await stat(current).catch(() => undefined)
    if (stats || dirname(current) === current) return current
  }
}

/** A failed write, in the words of the path given, never the temporary file's name. */
function writeError(file: OutputFile, error: unknown): WishlistError {
  const code = codeOf(error)
  const denied = (code === 'EACCES' || code === 'EPERM') && !file.inPlace
  // The temporary file is created in the target's directory: that is what must be writable.
  const why = denied ? `${reason(error)} (cannot create files in ${dirname(file.target)})` : reason(error)
  const message = `Cannot write ${file.given}: ${why}.`
  // A full disk is not the user's input being wrong: exit 1.
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' || !(code in REASONS)) return new WishlistError(message)
  return new UsageError(message)
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'no such directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EBUSY: 'it is in use by the system',
  EXDEV: 'it is on another file system than its directory',
  ETXTBSY: 'it is a running program',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EIO: 'an input/output error',
}

function reason(error: unknown): string {
  const code = codeOf(error)
  return REASONS[code] ?? `an error (${code || String(error)})`
}

function codeOf(error: unknown): string {
  return (error as { code?: string } | undefined)?.code ?? ''
}
