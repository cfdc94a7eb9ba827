import { randomBytes } from 'node:crypto'
import { chmod, rename, rm, writeFile } from 'node:fs/promises'
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
