import { randomBytes } from 'node:crypto'
import { rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import type { Context } from '../../context.js'
import { UsageError } from '../../errors.js'
import type { ExportFormat } from '../../domain/transfer/formats.js'
import { GOODREADS_HEADER, goodreadsExportRow } from '../../domain/transfer/goodreads.js'
import { neutralize } from '../../domain/transfer/spreadsheet.js'
import { wishlistJson } from '../../output/books.js'
import { currentUser } from '../../session.js'
import { type Entry, listEntries } from '../../store/entries.js'
import { existingList } from '../entries/target-list.js'

export interface ExportOptions {
  format?: ExportFormat
  output?: string
}

/** The columns of `--format csv`, which `import --format csv` reads back. */
const CSV_HEADER = ['id', 'title', 'author', 'isbn', 'publication_date', 'added_at']

export async function exportRun(ctx: Context, listRef: string | undefined, options: ExportOptions): Promise<void> {
  const format = options.format ?? (ctx.options.json ? 'json' : 'csv')
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const list = await existingList(knex, user.id, listRef)
  // Oldest first, as they were added: an import of the file keeps that order.
  const entries = await listEntries(knex, list.id, { sort: 'added' })
  const document =
    format === 'json' ? JSON.stringify(wishlistJson(list, entries), null, 2) + '\n' : csvDocument(format, entries)

  if (options.output === undefined || options.output === '-') {
    ctx.io.stdout.write(document)
    return
  }
  await writeAtomically(options.output, document)
  ctx.info(`Exported ${entries.length} book${entries.length === 1 ? '' : 's'} from "${list.name}" to ${options.output} (${format}).`)
}

/** CSV with a header line; every cell neutralised against spreadsheet formulas. */
function csvDocument(format: 'csv' | 'goodreads', entries: Entry[]): string {
  const [header, rows] =
    format === 'goodreads'
      ? [GOODREADS_HEADER, entries.map((entry) => goodreadsExportRow({ ...entry.book, addedAt: entry.addedAt }))]
      : [
          CSV_HEADER,
          entries.map(({ book, addedAt }) => [
            book.id,
            book.title,
            book.author ?? '',
            book.isbn ?? '',
            book.publicationDate ?? '',
            addedAt.toISOString(),
          ]),
        ]
  return stringify([header, ...rows.map((row) => row.map(neutralize))])
}

/**
 * Writes FILE whole or not at all: a temporary file beside it, renamed over it (a
 * rename within a directory is atomic), so an interrupted export never leaves half
 * a file where a good one was.
 */
async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, content, { flag: 'wx' })
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    const { code, message } = error as { code?: string; message: string }
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new UsageError(`Cannot write ${path}: ${message}.`)
    }
    throw error
  }
}
