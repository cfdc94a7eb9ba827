import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isTabKey,
  isUpKey,
  makeTheme,
  useEffect,
  useKeypress,
  usePagination,
  usePrefix,
  useRef,
  useState,
} from '@inquirer/core'
import type { CatalogueHit } from '../catalogue/open-library.js'
import { safeText } from '../output/safe-text.js'
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
 */
export interface BookPromptConfig {
  message: string
  search: (term: string, signal: AbortSignal) => Promise<BookChoice[]>
  multiple: boolean
  /** Terminal width: rows are cut to one line so the screen never reflows. */
  columns: number
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
  const { debounceMs = 100, pageSize = 10 } = config
  const theme = makeTheme({})
  const [status, setStatus] = useState<'loading' | 'idle' | 'done'>('loading')
  const [term, setTerm] = useState('')
  const [results, setResults] = useState<BookChoice[]>([])
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
          const found = await config.search(term, controller.signal)
          if (controller.signal.aborted) return
          setResults(found)
          setResultsFor(term)
          setError(undefined)
          setActive(0)
          setStatus('idle')
          // Each setState above re-rendered at once, so chooseActive sees these rows.
          drain()
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
    setTerm(rl.line)
  })

  const width = Math.max(40, config.columns) - 1
  const message = theme.style.message(config.message, status)
  if (status === 'done') {
    return [prefix, message, theme.style.answer(summary(selected))].join(' ')
  }

  // The typed term may hold pasted control characters; the message is already safe (prompter).
  const header = [prefix, message, safeText(term)].filter(Boolean).join(' ')
  const selection =
    config.multiple && selected.length > 0 ? fit(`  Selected (${selected.length}): ${summary(selected)}`, width) : ''
  // A hook: called on every render, even with nothing to show.
  const page = usePagination({
    items: rows,
    active: Math.min(active, Math.max(0, rows.length - 1)),
    pageSize,
    loop: false,
    renderItem: ({ item, isActive }) => {
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
    },
  })
  const hint =
    rows.length > 0 || status === 'loading'
      ? ''
      : theme.style.help(term.trim() === '' ? '  Type to search by title, author or ISBN.' : '  No books match.')
  const onlineHint = status === 'loading' ? undefined : onlineLine(online)
  const help = theme.style.help(
    fit(
      config.multiple
        ? '↑↓ move · ⏎ select, search again · tab select, keep search · ⏎ on Done: finish · esc cancel'
        : '↑↓ move · ⏎ choose · esc cancel',
      width,
    ),
  )
  const body = [
    error
      ? theme.style.error(safeText(error))
      : [page, hint, onlineHint && theme.style.help(fit(onlineHint, width))].filter(Boolean).join('\n'),
    help,
  ].join('\n')
  return [[selection, header].filter(Boolean).join('\n'), body]
})

/**
 * One book on one line: mark, title — author, then (year) · ISBN and [on list], all
 * safe to print. When the line is too wide, title and author are cut, never the year,
 * the ISBN or the mark, which tell similar titles apart.
 */
export function describe({ book, onList }: BookChoice, mark: string, width: number): string {
  const year = book.publicationDate ? ` (${safeText(book.publicationDate.slice(0, 4))})` : ''
  const isbn = book.isbn ? ` · ${safeText(book.isbn)}` : ''
  const tail = `${year}${isbn}${onList ? ' [on list]' : ''}`
  const name = `${safeText(book.title)} — ${safeText(book.author ?? 'unknown author')}`
  return `${mark}${fit(name, Math.max(10, width - mark.length - tail.length))}${tail}`
}

function summary(books: PickedBook[]): string {
  return books.length === 0 ? 'none' : books.map((book) => safeText(book.title)).join(' · ')
}

/** Cuts a line to the width with an ellipsis (the picker's lines are plain text). */
function fit(line: string, width: number): string {
  return line.length > width ? `${line.slice(0, width - 1)}…` : line
}
