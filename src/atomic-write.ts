import { randomBytes } from 'node:crypto'
import { chmod, open, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Writes a file whole or not at all: a temporary file beside it (created, never
 * reused: `wx`), renamed over it (a rename within a directory is atomic), so a crash
 * or an interrupted command never leaves half a file where a good one was. `mode` is
 * the new file's exact mode, whatever the umask (else 0666 less the umask). On
 * failure the temporary file is removed and the error thrown as it came: callers
 * phrase it (they name their own path, never the temporary one).
 */
export async function writeFileAtomic(path: string, content: string, options: { mode?: number } = {}): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path).slice(0, 200)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, content, { flag: 'wx', mode: options.mode ?? 0o666 })
    // writeFile's mode passes through the umask; an exact mode must not.
    if (options.mode !== undefined) await chmod(temporary, options.mode)
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/** A file written a piece at a time, whole or not at all (writeFileAtomic's way). */
export interface AtomicStream {
  write(text: string): Promise<void>
  /** Renames the file into place. */
  commit(): Promise<void>
  /** Removes the temporary file. */
  abort(): Promise<void>
}

/**
 * writeFileAtomic for text that comes a piece at a time (import's --rejects): the
 * temporary file beside `path` is renamed over it by `commit`, so a failed or
 * interrupted command never leaves half a file where a good one was. Errors are
 * thrown as they came, the temporary file removed.
 */
export async function openFileAtomic(path: string, options: { mode?: number } = {}): Promise<AtomicStream> {
  const temporary = join(dirname(path), `.${basename(path).slice(0, 200)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temporary, 'wx', options.mode ?? 0o666)
  let closed = false
  const close = async () => {
    if (!closed) await handle.close()
    closed = true
  }
  const abort = async () => {
    await close().catch(() => {})
    await rm(temporary, { force: true })
  }
  const failing = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      await abort()
      throw error
    }
  }
  return {
    write: (text) => failing(() => handle.writeFile(text)),
    commit: () =>
      failing(async () => {
        await close()
        if (options.mode !== undefined) await chmod(temporary, options.mode)
        await rename(temporary, path)
      }),
    abort,
  }
}
