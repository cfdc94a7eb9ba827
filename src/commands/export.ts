import { stringify } from 'csv-stringify/sync'
import type { Context } from '../context.js'
import type { ExportFormat } from '../domain/transfer/formats.js'
import { GOODREADS_HEADER, goodreadsExportRow } from '../domain/transfer/goodreads.js'
import { neutralize } from '../domain/transfer/spreadsheet.js'
import { wishlistJson } from '../output/books.js'
import { jsonText, safeLines } from '../output/safe-text.js'
import { currentUser } from '../session.js'
import { type Entry, listEntries } from '../store/entries.js'
import { viewableList } from './shared/target-list.js'
import { resolveOutputFile, writeOutputFile } from './shared/output-file.js'
import { count, quote } from '../output/words.js'

export interface ExportOptions {
  format?: ExportFormat
  output?: string
  /** The list's owner, to name their list by its name (docs/sharing.md). */
  owner?: string
}

/** The columns of `--format csv`, which `import --format csv` reads back. */
const CSV_HEADER = ['id', 'title', 'author', 'isbn', 'publication_date', 'added_at']

export async function exportRun(ctx: Context, listRef: string | undefined, options: ExportOptions): Promise<void> {
  const format = options.format ?? (ctx.options.json ? 'json' : 'csv')
  const toStdout = options.output === undefined || options.output === '-'
  // A bad -o path fails before any database work.
  const file = toStdout ? undefined : await resolveOutputFile(options.output!)
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  // Someone else's list exports its books only: claims are shown by `show`, never
  // written into a file that may reach the list's owner.
  const { list } = await viewableList(knex, user, listRef, options.owner)
  // Oldest first, as they were added: an import of the file keeps that order.
  const entries = await listEntries(knex, list.id)
  const document =
    format === 'json' ? jsonText(wishlistJson(list, entries)) : csvDocument(format, entries)

  if (!file) {
    // A terminal is not a file: there the titles are shown safely, as everywhere else.
    // A pipe or a file gets the data byte for byte (docs/architecture.md "Output").
    ctx.io.stdout.write(ctx.io.stdoutIsTTY ? safeLines(document) : document)
    return
  }
  await writeOutputFile(file, document, safeLines)
  ctx.info(`Exported ${count(entries.length, 'book')} from ${quote(list.name)} to ${options.output} (${format}).`)
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
