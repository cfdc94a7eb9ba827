import type { Knex } from 'knex'
import type { Context } from '../context.js'
import { type ImportFormat, ImportReader, type ImportSummary, shelfKey } from '../domain/transfer/parse.js'
import type { RowProblem } from '../domain/transfer/rows.js'
import { UsageError } from '../errors.js'
import { printJson } from '../output/render.js'
import { count as plural, quote } from '../output/words.js'
import { currentUser } from '../session.js'
import { type ImportCounts, type ImportStep, importBooks } from '../store/imports.js'
import { type Wishlist, ensureDefaultList, ensureList, findList, getList } from '../store/wishlists.js'
import { openOutputStream, resolveOutputFile } from './shared/output-file.js'
import { startProgress } from './shared/progress.js'
import { type Input, openInput } from './shared/read-input.js'
import { RejectsWriter } from './shared/rejects.js'

export interface ImportOptions {
  format?: ImportFormat
  shelf?: string
  /** 'all': one list per shelf. */
  shelves?: string
  /** SHELF=LIST, repeatable (with --shelves all). */
  map?: string[]
  rejects?: string
  list?: string
  create?: boolean
  dryRun?: boolean
}

/** --map SHELF=LIST, each as shelf (compared in any case) -> list name. */
function parseMap(pairs: string[] | undefined): Map<string, string> {
  const map = new Map<string, string>()
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=')
    const shelf = at < 0 ? '' : pair.slice(0, at).trim()
    const list = at < 0 ? '' : pair.slice(at + 1).trim()
    if (!shelf || !list) throw new UsageError(`--map "${pair}" is not SHELF=LIST.`, 'For example: --map to-read=Wishlist --map "currently-reading=Reading now".')
    map.set(shelfKey(shelf), list)
  }
  return map
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
  if (options.shelves !== undefined && options.shelves.toLowerCase() !== 'all') {
    throw new UsageError(`--shelves takes "all", not ${quote(options.shelves)}.`, 'To import one shelf, use --shelf NAME.')
  }
  const map = parseMap(options.map)
  // A bad --rejects path fails before the file is read or the database touched.
  const rejectsFile = options.rejects === undefined ? undefined : await resolveOutputFile(options.rejects)
  const input = await openInput(ctx, file)
  let rejects: RejectsWriter | undefined
  try {
    const reader: ImportReader = new ImportReader({
      format: options.format,
      shelf: options.shelf,
      allShelves: options.shelves !== undefined,
      map,
      source,
      onReject: (reject) => rejects?.add(reject),
    })
    if (rejectsFile) rejects = new RejectsWriter(await openOutputStream(rejectsFile), () => reader)
    // Read up to the header (the first book of a JSON file) before the database is
    // touched: a file that cannot be imported at all fails here, with nothing written.
    let ended = false
    while (!reader.ready && !ended) ended = await readMore(input, reader)
    await rejects?.flush()
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
        await rejects?.flush()
        yield reader.take()
      }
    }
    const created: Wishlist[] = []
    let outcome: { list: Wishlist | undefined; counts: ImportCounts }
    // Until the commit is sent, Ctrl-C rolls everything back: say so (exit 130).
    ctx.onInterrupt(`Interrupted: nothing was imported from ${source}.`)
    try {
      outcome = await inOneTransaction(knex, options.dryRun ?? false, async (trx) => {
        // The one list (-l, else the default): with --shelves all only rows on no shelf need it.
        let list = options.shelves === undefined || options.list !== undefined ? await targetList(trx, user.id, options, created) : undefined
        // Each shelf (--shelves all) is the list of its name, made when there is none.
        const resolve = async (names: { key: string; name: string }[]) => {
          const lists = new Map<string, Wishlist>()
          for (const { key, name } of names) {
            if (key === '') lists.set(key, (list ??= await targetList(trx, user.id, options, created)))
            else {
              const found = await ensureList(trx, user.id, name)
              if (found.created) created.push(found.list)
              lists.set(key, found.list)
            }
          }
          return lists
        }
        const counts = await importBooks(trx, resolve, books(), (step) => progress.step(STEPS[step]))
        // Thrown here, so that the default list made for the import goes too.
        nothingToImport(source, options, reader.summary())
        ctx.onInterrupt(undefined)
        return { list, counts }
      })
    } finally {
      ctx.onInterrupt(undefined)
      progress.stop()
    }
    await rejects?.finish()
    report(ctx, source, options, reader.summary(), outcome, created, rejects && { file: options.rejects!, rows: rejects.count })
  } catch (error) {
    await rejects?.abort()
    throw error
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
      `No row of ${source} is on the shelf ${shelfNames(parsed)}; nothing was imported.`,
      `Its shelves (rows): ${shelves.join(', ')}. Choose one with --shelf, or take them all with --shelves all.`,
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

/** "to-read", or "To read" or "Wishlist". */
function shelfNames(parsed: ImportSummary): string {
  return parsed.shelves.map(quote).join(' or ')
}

function report(
  ctx: Context,
  source: string,
  options: ImportOptions,
  parsed: ImportSummary,
  { list, counts }: { list: Wishlist | undefined; counts: ImportCounts },
  created: Wishlist[],
  rejects: { file: string; rows: number } | undefined,
): void {
  const wasCreated = (wishlist: Wishlist) => created.some((made) => made.id === wishlist.id)
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
      wishlist_id: list?.id ?? null,
      format: parsed.format,
      lists: counts.lists.map((one) => ({
        wishlist_id: one.list.id,
        name: one.list.name,
        books: one.books,
        entries_added: one.added,
        created: wasCreated(one.list),
      })),
      rejects: rejects ? { file: rejects.file, rows: rejects.rows } : null,
      dry_run: options.dryRun ?? false,
    })
  }
  const rows = parsed.books + parsed.skipped.length + parsed.otherShelf
  const into = options.shelves !== undefined ? `into ${plural(counts.lists.length, 'list')}` : `into ${quote(list!.name)}`
  ctx.info(
    `${options.dryRun ? 'Would import' : 'Imported'} ${source} (${parsed.format}, ${plural(rows, 'row')}) ${into}: ` +
      `${plural(counts.booksCreated, 'new book')}, ${counts.booksMatched} already in the catalogue; ` +
      `${counts.entriesAdded} added to ${options.shelves !== undefined ? 'the lists' : 'the list'}, ${counts.entriesExisting} already on ${options.shelves !== undefined ? 'them' : 'it'}.`,
  )
  if (options.shelves !== undefined) {
    for (const one of counts.lists) {
      const made = wasCreated(one.list) ? (options.dryRun ? ' (would be created)' : ' (created)') : ''
      ctx.info(`  ${quote(one.list.name)}${made}: ${plural(one.books, 'book')}, ${one.added} added`)
    }
  }
  if (parsed.otherShelf > 0) {
    ctx.info(`${plural(parsed.otherShelf, 'row')} on shelves other than ${shelfNames(parsed)} left out (choose with --shelf, or --shelves all).`)
  }
  if (rejects) ctx.info(`${plural(rejects.rows, 'row')} not imported written to ${rejects.file}${rejects.rows > 0 ? ', with the reason of each' : ''}.`)
  // Problems with the file are shown even with -q.
  for (const line of listed(skipped, 'skipped')) ctx.warn(line)
  for (const line of listed(parsed.warnings, 'warning')) ctx.warn(line)
  if (options.dryRun) ctx.info('Dry run: nothing was written.')
}

/** The list books go on: -l LIST (made with --create), else the default, made when there is none. */
async function targetList(trx: Knex, userId: string, options: ImportOptions, created: Wishlist[]): Promise<Wishlist> {
  const made = (found: { list: Wishlist; created: boolean }) => {
    if (found.created) created.push(found.list)
    return found.list
  }
  if (options.list === undefined) return made(await ensureDefaultList(trx, userId))
  if (!options.create) return getList(trx, userId, options.list)
  return (await findList(trx, userId, options.list)) ?? made(await ensureList(trx, userId, options.list))
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

