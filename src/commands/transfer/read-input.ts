import { readFile } from 'node:fs/promises'
import { text } from 'node:stream/consumers'
import type { Context } from '../../context.js'
import { NotFoundError, UsageError } from '../../errors.js'

/** The whole of FILE, or of standard input for "-". */
export async function readInput(ctx: Context, file: string): Promise<string> {
  if (file === '-') {
    if (ctx.io.stdinIsTTY) throw new UsageError('FILE required: standard input is a terminal.', 'Pipe a file in, or name it: `wishlist import FILE`.')
    return text(ctx.io.stdin)
  }
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'ENOENT') throw new NotFoundError(`No file ${file}.`)
    if (code === 'EISDIR') throw new UsageError(`${file} is a directory; give a file.`)
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}.`)
  }
}
