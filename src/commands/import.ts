import type { Knex } from 'knex'
import type { Context } from '../context.js'
import { DEFAULT_SHELF, type ImportFormat, ImportReader, type ImportSummary } from '../domain/transfer/parse.js'
import type { RowProblem } from '../domain/transfer/rows.js'
import { UsageError } from '../errors.js'
import { printJson } from '../output/render.js'
import { currentUser } from '../session.js'
import { type ImportCounts, type ImportStep, importBooks } from '../store/imports.js'
import { type Wishlist, ensureDefaultList, ensureList, findList, getList } from '../store/wishlists.js'
import { startProgress } from './shared/progress.js'
import { type Input, openInput } from './shared/read-input.js'
import { count as plural, quote } from '../output/words.js'

export interface ImportOptions {
  format?: ImportFormat
  shelf?: string
  list?: string
  create?: boolean
  dryRun?: boolean
}

/** What the progress bar says once the file is read: a large import spends most of its time here. */
const STEPS: Record<ImportStep, string> = {
  matching: 'matching books in the catalogue',
  creating: 'adding new books to the catalogue',
  adding: 'putting the books on the list',
}

/** How many skipped lines and warnings the text summary lists before "and N more". */
const SHOWN = 20

export async function importRun(ctx: Context, file: string, options: ImportOptions): Promise<void> {
  const source = file === '-' ? 'standard input' : file
  const input = await openInput(ctx, file)
  try {
    const reader = new ImportReader({ format: options.format, shelf: options.shelf, source })
    // Read up to the header (all of a JSON file) before the database is touched: a
    // file that cannot be imported at all fails here, with nothing written.
    let ended = false
    while (!reader.ready && !ended) ended = await readMore(input, reader)
    const knex = await ctx.db()
    const user = await currentUser(ctx, knex)
    const progress = await startProgress(ctx, input.size, 'Importing')
    // The rest is read while it is staged, inside the transaction: a read error
    // midway rolls the import back like any other.
    async function* books() {
      yield reader.take()
      while (!ended) {
        ended = await readMore(input, reader)
        progress.update(input.bytesRead())
        yield reader.take()
      }
    }
    let outcome: { list: Wishlist; counts: ImportCounts }
    // Until the commit is sent, Ctrl-C rolls everything back: say so (exit 130).
    ctx.onInterrupt(`Interrupted: nothing was imported from ${source}.`)
    try {
      outcome = await inOneTransaction(knex, options.dryRun ?? false, async (trx) => {
        const list = await targetList(trx, user.id, options)
        const counts = await importBooks(trx, list, books(), (step) => progress.step(STEPS[step]))
        // Thrown here, so that the default list made for the import goes too.
        nothingToImport(source, options, reader.summary())
        ctx.onInterrupt(undefined)
        return { list, counts }
      })
    } finally {
      ctx.onInterrupt(undefined)
      progress.stop()
    }
    report(ctx, source, options, reader.summary(), outcome)
  } finally {
    input.close()
  }
}

/** Feeds the reader the next piece of the input; true at the end (the reader has then ended too). */
async function readMore(input: Input, reader: ImportReader): Promise<boolean> {
  const next = await input.pieces.next()
  if (next.done) {
    reader.end()
    return true
  }
  reader.push(next.value)
  return false
}

/**
 * A file that gives no book is an error, not an empty success: no row on the shelf
 * asked for (the file's shelves listed with their rows), or every row skipped (the
 * reasons counted).
 */
function nothingToImport(source: string, options: ImportOptions, parsed: ImportSummary): void {
  if (parsed.books > 0) return
  if (parsed.skipped.length === 0 && parsed.otherShelves.length > 0) {
    const shelves = parsed.otherShelves.slice(0, SHOWN).map(({ shelf, rows }) => `${shelf} (${rows})`)
    if (parsed.otherShelves.length > SHOWN) shelves.push(`and ${parsed.otherShelves.length - SHOWN} more`)
    throw new UsageError(
      `No row of ${source} is on the shelf ${quote(options.shelf ?? DEFAULT_SHELF)}; nothing was imported.`,
      `Its shelves (rows): ${shelves.join(', ')}. Choose one with --shelf.`,
    )
  }
  if (parsed.skipped.length > 0) {
    const reasons = new Map<string, number>()
    for (const { reason } of parsed.skipped) reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
    const counted = [...reasons].sort((a, b) => b[1] - a[1])
    const shown = counted.slice(0, 3).map(([reason, rows]) => `${reason} (${plural(rows, 'row')})`)
    if (counted.length > 3) shown.push(`${counted.length - 3} other reasons`)
    throw new UsageError(
      `Nothing to import from ${source}: every row was skipped (${plural(parsed.skipped.length, 'row')}` +
        `${parsed.otherShelf > 0 ? `, and ${plural(parsed.otherShelf, 'row')} on other shelves` : ''}).`,
      `Reasons: ${shown.join('; ')}. The first: line ${parsed.skipped[0]!.line}.`,
    )
  }
}

function report(
  ctx: Context,
  source: string,
  options: ImportOptions,
  parsed: ImportSummary,
  { list, counts }: { list: Wishlist; counts: ImportCounts },
): void {
  const skipped = [
    ...parsed.skipped,
    ...counts.duplicates.map(({ line, firstLine }) => ({ line, reason: `same book as line ${firstLine}` })),
  ].sort((a, b) => a.line - b.line)
  if (ctx.options.json) {
    return printJson(ctx.io, {
      books_created: counts.booksCreated,
      books_matched: counts.booksMatched,
      entries_added: counts.entriesAdded,
      entries_existing: counts.entriesExisting,
      skipped,
      warnings: parsed.warnings,
      other_shelves: parsed.otherShelf,
      wishlist_id: list.id,
      dry_run: options.dryRun ?? false,
    })
  }
  const rows = parsed.books + parsed.skipped.length + parsed.otherShelf
  ctx.info(
    `${options.dryRun ? 'Would import' : 'Imported'} ${source} (${parsed.format}, ${plural(rows, 'row')}) into ${quote(list.name)}: ` +
      `${plural(counts.booksCreated, 'new book')}, ${counts.booksMatched} already in the catalogue; ` +
      `${counts.entriesAdded} added to the list, ${counts.entriesExisting} already on it.`,
  )
  if (parsed.otherShelf > 0) {
    ctx.info(`${plural(parsed.otherShelf, 'row')} on shelves other than ${quote(options.shelf ?? DEFAULT_SHELF)} left out (choose with --shelf).`)
  }
  // Problems with the file are shown even with -q.
  for (const line of listed(skipped, 'skipped')) ctx.warn(line)
  for (const line of listed(parsed.warnings, 'warning')) ctx.warn(line)
  if (options.dryRun) ctx.info('Dry run: nothing was written.')
}

/** The list books go on: -l LIST (made with --create), else the default, made when there is none. */
async function targetList(trx: Knex, userId: string, options: ImportOptions): Promise<Wishlist> {
  if (options.list === undefined) return (await ensureDefaultList(trx, userId)).list
  if (!options.create) return getList(trx, userId, options.list)
  return (await findList(trx, userId, options.list)) ?? (await ensureList(trx, userId, options.list)).list
}

/** Thrown to roll back a dry run: the same statements run, so its counts are exact. */
class DryRunRollback<T> {
  constructor(readonly result: T) {}
}

async function inOneTransaction<T>(knex: Knex, dryRun: boolean, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  try {
    return await knex.transaction(async (trx) => {
      const result = await work(trx)
      if (dryRun) throw new DryRunRollback(result)
      return result
    })
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as T
    throw error
  }
}

function listed(problems: RowProblem[], what: 'skipped' | 'warning'): string[] {
  const lines = problems
    .slice(0, SHOWN)
    .map(({ line, reason }) => (what === 'skipped' ? `line ${line} skipped: ${reason}` : `line ${line}: ${reason}`))
  if (problems.length > SHOWN) lines.push(`... and ${problems.length - SHOWN} more ${what === 'skipped' ? 'skipped lines' : 'warnings'} (see --json).`)
  return lines
}

