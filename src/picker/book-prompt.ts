import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isTabKey,
  isUpKey,
  makeTheme,
  useEffect,
  useKeypress,
  usePrefix,
  useRef,
  useState,
} from '@inquirer/core'
import type { CatalogueHit } from '../catalogue/open-library.js'
import { safeText } from '../output/safe-text.js'
import { cutToWidth, textWidth } from '../output/width.js'
import type { BookChoice, PickedBook } from '../prompter.js'
import type { Book } from '../store/books.js'
import { describeError } from '../output/error-messages.js'
import { type OnlineSearchFn, describeHit, onlineLine, useOnlineResults } from './online-results.js'

/**
 * The searchable book picker: an Inquirer prompt (built on @inquirer/core, like
 * Inquirer's own search prompt) that queries as the user types and, in multi mode,
 * collects a selection while the search stays open. Keys (docs/interactive.md):
 *   typing      searches (debounced; a newer keystroke aborts the older search)
 *   up/down     move
 *   Enter       on a book: select it (or unselect it) and clear the search;
 *               on "Done" (the first row while the search is empty): finish
 *   Tab         select or unselect the book and keep the search, to pick neighbours
 *   Esc, Ctrl-C cancel (handled by the prompter: nothing is chosen)
 * In single mode Enter on a book finishes with it. With `online`, a pause in typing
 * also searches the online catalogue when the catalogue's matches do not fill the
 * screen; its results come below, marked (src/picker/online-results.ts).
 *
 * Every match can be reached: the first `batch` rows come with the search, and when
 * the cursor nears the last row fetched the next batch is asked for (the search again
 * with a larger limit: never the whole catalogue, only as far as the user scrolls).
 * A dim line under the rows says how many more there are below (`count`).
 */
export interface BookPromptConfig {
  message: string
  search: (term: string, signal: AbortSignal, limit?: number) => Promise<BookChoice[]>
  /** How many books match in all (asked only when the first batch is full). */
  count?: (term: string, signal: AbortSignal) => Promise<number>
  multiple: boolean
  /** Terminal width: rows are cut to one line so the screen never reflows. */
  columns: number
  /** The width now (after a resize); `columns` when not given. */
  width?: () => number
  /** Calls the listener after each resize of the terminal; returns the unsubscribe. */
  onResize?: (listener: () => void) => () => void
  /** Rows fetched at a time. */
  batch?: number
  /** Also search the online catalogue (add's picker); chosen results are returned as hits. */
  online?: OnlineSearchFn
  /** Wait this long after a keystroke before searching. */
  debounceMs?: number
  pageSize?: number
}

type Row = { kind: 'done' } | { kind: 'book'; choice: BookChoice } | { kind: 'online'; hit: CatalogueHit }
type Key = 'enter' | 'tab'

/** A chosen book's identity: its id, or the ISBN of one found online. */
const keyOf = (picked: PickedBook) => ('source' in picked ? `isbn:${picked.isbn13}` : picked.id)

export const bookPrompt = createPrompt<PickedBook[], BookPromptConfig>((config, done) => {
  const { debounceMs = 100, pageSize = 10, batch = 20 } = config
  const theme = makeTheme({})
  const [status, setStatus] = useState<'loading' | 'idle' | 'done'>('loading')
  const [term, setTerm] = useState('')
  const [results, setResults] = useState<BookChoice[]>([])
  // Whether the last fetch was full (so more may match), and how many match in all.
  const [hasMore, setHasMore] = useState(false)
  const [total, setTotal] = useState<number | undefined>(undefined)
  const [columns, setColumns] = useState(config.width?.() ?? config.columns)
  const resizes = useRef(0)
  const [, setResized] = useState(0)
  // The first row on screen: the window follows the cursor.
  const top = useRef(0)
  // Down keys pressed on the last row while the next batch is on its way: applied
  // when it comes, so holding the key (or typing ahead) never stops at a batch's end.
  const overshoot = useRef(0)
  const activeNow = useRef(0)
  // The term the rows on screen were found for.
  const [resultsFor, setResultsFor] = useState<string | undefined>(undefined)
  const [error, setError] = useState<string | undefined>()
  const [selected, setSelected] = useState<PickedBook[]>([])
  const [active, setActive] = useState(0)
  const prefix = usePrefix({ status, theme })

  // Enter or Tab pressed while a search is on its way waits for its rows, so typing a
  // title and pressing Enter at once picks from what was typed, never from the rows of
  // an older search still on screen. Keys are kept in order ("dune", Enter, Enter:
  // select Dune, then finish).
  const pending = useRef<Key[]>([])
  const chooseActive = useRef<(key: Key) => void>(() => {})
  const ready = useRef<() => boolean>(() => true)
  const drain = () => {
    while (pending.current.length > 0 && ready.current()) chooseActive.current(pending.current.shift()!)
  }
  const line = useRef<{ clearLine(dir: 0): void } | undefined>(undefined)

  useEffect(() => {
    const controller = new AbortController()
    setStatus('loading')
    // Debounced: a keystroke within debounceMs of the next never reaches the database.
    const timer = setTimeout(
      async () => {
        try {
          const found = await config.search(term, controller.signal, batch)
          if (controller.signal.aborted) return
          const full = found.length >= batch
          setResults(found)
          setHasMore(full)
          setTotal(full ? undefined : found.length)
          setResultsFor(term)
          setError(undefined)
          setActive(0)
          setStatus('idle')
          // Each setState above re-rendered at once, so chooseActive sees these rows.
          drain()
          // A full first batch: count them all, for the "N more" line.
          if (full && config.count) {
            const all = await config.count(term, controller.signal).catch(() => undefined)
            if (!controller.signal.aborted && all !== undefined) setTotal(Math.max(all, found.length))
          }
        } catch (caught) {
          if (!controller.signal.aborted) {
            setError(describeError(caught).message)
            setStatus('idle')
          }
        }
      },
      term === '' ? 0 : debounceMs,
    )
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [term])

  // A resize re-lays the rows at the new width (the prompter has cleared the screen).
  useEffect(
    () =>
      config.onResize?.(() => {
        setColumns(config.width?.() ?? config.columns)
        setResized(++resizes.current)
      }),
    [],
  )

  const settled = status === 'idle' && error === undefined && resultsFor === term
  const online = useOnlineResults(config.online, term, settled, results.length, pageSize)
  const rows: Row[] = [
    ...(config.multiple && term.trim() === '' ? [{ kind: 'done' as const }] : []),
    ...results.map((choice) => ({ kind: 'book' as const, choice })),
    ...online.known
      .filter((choice) => !results.some((other) => other.book.id === choice.book.id))
      .map((choice) => ({ kind: 'book' as const, choice })),
    ...online.hits.map((hit) => ({ kind: 'online' as const, hit })),
  ]
  const current = rows[Math.min(active, rows.length - 1)]

  // The cursor within a page of the last row fetched: fetch the next batch.
  const doneRows = config.multiple && term.trim() === '' ? 1 : 0
  const bookRows = doneRows + results.length
  activeNow.current = active
  const wantMore = settled && hasMore && active >= bookRows - pageSize
  useEffect(() => {
    if (!wantMore) return
    const controller = new AbortController()
    const limit = results.length + batch
    void (async () => {
      try {
        const found = await config.search(term, controller.signal, limit)
        if (controller.signal.aborted) return
        setResults(found)
        setHasMore(found.length >= limit)
        if (found.length < limit) setTotal(found.length)
        if (overshoot.current > 0) {
          setActive(Math.min(doneRows + found.length - 1, activeNow.current + overshoot.current))
          overshoot.current = 0
        }
      } catch (caught) {
        if (!controller.signal.aborted) setError(describeError(caught).message)
      }
    })()
    return () => controller.abort()
  }, [wantMore, results.length, term])

  const isSelected = (book: PickedBook) => selected.some((other) => keyOf(other) === keyOf(book))

  // "Done" does not depend on the search; a book row does.
  ready.current = () => status !== 'loading' || current?.kind === 'done'
  chooseActive.current = (key) => {
    if (!current) return
    if (current.kind === 'done' || !config.multiple) {
      const chosen = current.kind === 'done' ? selected : [current.kind === 'online' ? current.hit : current.choice.book]
      setSelected(chosen)
      setStatus('done')
      done(chosen)
      return
    }
    const book = current.kind === 'online' ? current.hit : current.choice.book
    setSelected(isSelected(book) ? selected.filter((other) => keyOf(other) !== keyOf(book)) : [...selected, book])
    // Enter clears the search so the next title can be typed straight away; Tab keeps it.
    if (key === 'enter') {
      line.current?.clearLine(0)
      setTerm('')
      setActive(0)
    }
  }

  useKeypress((key, rl) => {
    line.current = rl
    if (status === 'done') return
    if (isUpKey(key) || isDownKey(key)) {
      if (isDownKey(key) && hasMore && active >= rows.length - 1) overshoot.current++
      if (isUpKey(key)) overshoot.current = 0
      if (rows.length > 0) setActive(Math.max(0, Math.min(rows.length - 1, active + (isUpKey(key) ? -1 : 1))))
      return
    }
    const enter = isEnterKey(key)
    if (enter || isTabKey(key)) {
      // readline has emptied its line (Enter) or put a tab in it: restore the search.
      rl.clearLine(0)
      rl.write(term)
      pending.current.push(enter ? 'enter' : 'tab')
      drain()
      return
    }
    pending.current = []
    overshoot.current = 0
    setTerm(rl.line)
  })

  const width = Math.max(20, columns) - 1
  const message = theme.style.message(config.message, status)
  if (status === 'done') {
    return [prefix, message, theme.style.answer(summary(selected))].join(' ')
  }

  // The typed term may hold pasted control characters; the message is already safe (prompter).
  const header = [prefix, message, safeText(term)].filter(Boolean).join(' ')
  const selection =
    config.multiple && selected.length > 0 ? fit(`  Selected (${selected.length}): ${summary(selected)}`, width) : ''
  // The window of rows on screen follows the cursor.
  const activeRow = Math.min(active, Math.max(0, rows.length - 1))
  if (activeRow < top.current) top.current = activeRow
  if (activeRow >= top.current + pageSize) top.current = activeRow - pageSize + 1
  top.current = Math.max(0, Math.min(top.current, rows.length - pageSize))
  const renderItem = (item: Row, isActive: boolean) => {
    const pointer = isActive ? '❯' : ' '
    const mark = (book: PickedBook) => (config.multiple ? (isSelected(book) ? '◉ ' : '○ ') : '')
    const text =
      item.kind === 'done'
        ? `Done${selected.length > 0 ? ` (${selected.length} selected)` : ''}`
        : item.kind === 'online'
          ? describeHit(item.hit, mark(item.hit), width - 2, fit)
          : describe(item.choice, mark(item.choice.book), width - 2)
    const line = fit(`${pointer} ${text}`, width)
    return isActive ? theme.style.highlight(line) : line
  }
  const page = rows
    .slice(top.current, top.current + pageSize)
    .map((item, index) => renderItem(item, top.current + index === activeRow))
    .join('\n')
  // Rows below the window: those fetched, and those that match but are not fetched yet.
  const below = rows.length + Math.max(0, (total ?? results.length) - results.length) - (top.current + Math.min(pageSize, rows.length))
  const moreLine = below > 0 ? theme.style.help(`  ↓ ${below.toLocaleString('en')} more${total === undefined ? '…' : ''}`) : ''
  const hint =
    rows.length > 0 || status === 'loading'
      ? ''
      : theme.style.help(term.trim() === '' ? '  Type to search by title, author or ISBN.' : '  No books match.')
  const onlineHint = status === 'loading' ? undefined : onlineLine(online)
  const help = theme.style.help(keyHelp(config.multiple, width))
  const body = [
    error
      ? theme.style.error(safeText(error))
      : [page, moreLine, hint, onlineHint && theme.style.help(fit(onlineHint, width))].filter(Boolean).join('\n'),
    help,
  ].join('\n')
  return [[selection, header].filter(Boolean).join('\n'), body]
})

/**
 * The key-help line, shortened (never cut) to fit: the full sentence, then shorter
 * words, then two lines, so "⏎ on Done: finish · esc cancel" is always there.
 */
export function keyHelp(multiple: boolean, width: number): string {
  if (!multiple) return '↑↓ move · ⏎ choose · esc cancel'
  const forms = [
    '↑↓ move · ⏎ select, search again · tab select, keep search · ⏎ on Done: finish · esc cancel',
    '↑↓ move · ⏎ select · tab keep search · ⏎ on Done: finish · esc cancel',
    '⏎ select · tab keep search · ⏎ on Done: finish · esc cancel',
  ]
  return forms.find((form) => [...form].length <= width) ?? '↑↓ move · ⏎ select · tab keep search\n⏎ on Done: finish · esc cancel'
}

/** Below this width a row leaves out the ISBN, so title and author keep their room. */
export const ISBN_WIDTH = 70

/**
 * One book on one line: mark, title — author, then (year) · ISBN and [on list], all
 * safe to print. When the line is too wide, title and author are cut, never the year
 * or the mark, which tell similar titles apart; on a narrow screen (under ISBN_WIDTH)
 * the ISBN is left out first.
 */
export function describe({ book, onList }: BookChoice, mark: string, width: number): string {
  const year = book.publicationDate ? ` (${safeText(book.publicationDate.slice(0, 4))})` : ''
  const isbn = book.isbn && width >= ISBN_WIDTH ? ` · ${safeText(book.isbn)}` : ''
  const tail = `${year}${isbn}${onList ? ' [on list]' : ''}`
  return `${mark}${titleAndAuthor(book.title, book.author, Math.max(10, width - mark.length - tail.length))}${tail}`
}

/**
 * "Title — Author" in at most `budget` columns: when it does not fit both are cut, the
 * author keeping about two fifths (at least 8 columns), so a narrow screen still
 * shows who wrote it.
 */
export function titleAndAuthor(title: string, author: string | null, budget: number): string {
  const safeTitle = safeText(title)
  const safeAuthor = safeText(author ?? 'unknown author')
  const SEPARATOR = ' — '
  const room = budget - SEPARATOR.length
  if (textWidth(safeTitle) + textWidth(safeAuthor) <= room) return `${safeTitle}${SEPARATOR}${safeAuthor}`
  let authorRoom = Math.min(textWidth(safeAuthor), Math.max(8, Math.floor(room * 0.4)))
  const titleRoom = Math.max(1, Math.min(textWidth(safeTitle), room - authorRoom))
  authorRoom = Math.max(1, room - titleRoom)
  return `${cutToWidth(safeTitle, titleRoom)}${SEPARATOR}${cutToWidth(safeAuthor, authorRoom)}`
}

function summary(books: PickedBook[]): string {
  return books.length === 0 ? 'none' : books.map((book) => safeText(book.title)).join(' · ')
}

/** Cuts a line to the width with an ellipsis (the picker's lines are plain text; wide characters count two). */
function fit(line: string, width: number): string {
  return cutToWidth(line, width)
}
