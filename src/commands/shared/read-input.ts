import { open } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'
import type { Context } from '../../context.js'
import { UsageError } from '../../errors.js'

/** FILE, or standard input for "-", as text a piece at a time: never held whole. */
export interface Input {
  /** The text in pieces (UTF-8 decoded; a character is never split between two). */
  pieces: AsyncIterator<string>
  /** The size in bytes when FILE is a regular file; unknown for standard input and pipes. */
  size: number | undefined
  /** Bytes read so far. */
  bytesRead(): number
  /** Stops reading (when the import fails before the end). */
  close(): void
  /** How the bytes were decoded: UTF-8 unless the first piece was not valid UTF-8. */
  encoding(): 'utf-8' | 'windows-1252'
}

/**
 * Bytes per read. Smaller than the stream default (64 KB): each piece is a string
 * that lives while its rows are read, and with 64 KB pieces V8 grew its young
 * generation further (92 MB peak against 88 MB for 100,000 Goodreads rows).
 */
const READ_SIZE = 16 * 1024

export async function openInput(ctx: Context, file: string): Promise<Input> {
  if (file === '-') {
    if (ctx.io.stdinIsTTY) throw new UsageError('FILE required: standard input is a terminal.', 'Pipe a file in, or name it: `wishlist import FILE`.')
    return decoded(ctx.io.stdin, undefined, (error) => error, 'standard input')
  }
  if (file === '') throw new UsageError('FILE is empty: name a file, or - for standard input.')
  const failed = (error: unknown) => readError(file, error)
  let handle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    throw failed(error)
  }
  const info = await handle.stat()
  // A directory opens; reading it fails with EISDIR, mapped below like any read error.
  return decoded(handle.createReadStream({ highWaterMark: READ_SIZE }), info.isFile() ? info.size : undefined, failed, file)
}

/**
 * The text of the bytes, a piece at a time. The first piece decides the encoding:
 * UTF-8 when it is valid UTF-8 (a sequence cut at its end aside), else Windows-1252,
 * the superset of ISO-8859-1 that LibraryThing's and older spreadsheets' exports use
 * (WHATWG's "latin1" is the same decoder). A ZIP archive is refused (isZip).
 */
function decoded(stream: NodeJS.ReadableStream, size: number | undefined, failed: (error: unknown) => unknown, name: string): Input {
  let bytes = 0
  let encoding: 'utf-8' | 'windows-1252' = 'utf-8'
  async function* pieces() {
    let decoder: { write(chunk: Buffer): string; end(): string } | undefined
    try {
      for await (const chunk of stream) {
        if (typeof chunk === 'string') {
          bytes += chunk.length
          yield chunk
          continue
        }
        bytes += chunk.length
        if (!decoder) {
          refuseZip(chunk as Buffer, name)
          encoding = isUtf8Start(chunk as Buffer) ? 'utf-8' : 'windows-1252'
          decoder = encoding === 'utf-8' ? new StringDecoder('utf8') : textDecoder('windows-1252')
        }
        yield decoder.write(chunk as Buffer)
      }
    } catch (error) {
      if (error instanceof UsageError) throw error
      throw failed(error)
    }
    const last = decoder?.end()
    if (last) yield last
  }
  return {
    pieces: pieces(),
    size,
    encoding: () => encoding,
    bytesRead: () => bytes,
    close() {
      ;(stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.()
    },
  }
}

function readError(file: string, error: unknown): Error {
  const code = (error as { code?: string }).code
  // A FILE argument that names nothing is invalid input (exit 2), like an unreadable one.
  if (code === 'ENOENT') return new UsageError(`No such file: ${file}.`)
  if (code === 'EISDIR') return new UsageError(`${file} is a directory; give a file.`)
  return new UsageError(`Cannot read ${file}: ${(error as Error).message}.`)
}

function textDecoder(label: string): { write(chunk: Buffer): string; end(): string } {
  const decoder = new TextDecoder(label)
  return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() }
}

/** Valid UTF-8, but for a multi-byte sequence cut short by the end of the piece. */
function isUtf8Start(chunk: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true })
    return true
  } catch {
    return false
  }
}

/**
 * A ZIP archive (its local file header, PK\x03\x04) is not an export an import reads:
 * exit 2 naming the file to export instead. The entries' names are read from the
 * local headers in the first piece: a Goodreads data-request archive holds JSON files.
 */
export function refuseZip(chunk: Buffer, name: string): void {
  if (chunk.length < 4 || chunk.readUInt32LE(0) !== 0x04034b50) return
  const names: string[] = []
  for (let at = 0; at + 30 <= chunk.length && chunk.readUInt32LE(at) === 0x04034b50 && names.length < 50; ) {
    const flags = chunk.readUInt16LE(at + 6)
    const compressed = chunk.readUInt32LE(at + 18)
    const nameLength = chunk.readUInt16LE(at + 26)
    const extraLength = chunk.readUInt16LE(at + 28)
    if (at + 30 + nameLength > chunk.length) break
    names.push(chunk.toString('utf8', at + 30, at + 30 + nameLength))
    // With bit 3 set the size comes after the data: the next header cannot be found cheaply.
    if (flags & 0x08) break
    at += 30 + nameLength + extraLength + compressed
  }
  const json = names.filter((entry) => entry.toLowerCase().endsWith('.json'))
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', ...' : '')
  if (json.length > 0 && !names.some((entry) => /\.(csv|tsv)$/i.test(entry))) {
    throw new UsageError(
      `${name} is a ZIP archive of JSON files (${shown}): an account data archive, such as Goodreads' data request, not a library export.`,
      'Export your library instead: on Goodreads, My Books > Import and export > Export Library gives goodreads_library_export.csv; import that file.',
    )
  }
  throw new UsageError(
    `${name} is a ZIP archive${shown ? ` (${shown})` : ''}, not an export an import reads.`,
    'Unzip it and import the CSV, TSV or JSON export inside, or export your library from the site as CSV.',
  )
}
