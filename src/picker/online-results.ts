import { useEffect, useRef, useState } from '@inquirer/core'
import type { CatalogueHit } from '../catalogue/open-library.js'
import { ONLINE_MARK } from '../output/books.js'
import { safeText } from '../output/safe-text.js'
import type { BookChoice } from '../prompter.js'

/**
 * The picker's online part: when the catalogue has fewer matches than fit on screen for
 * a term of MIN_TERM characters or more, and typing has paused for PAUSE_MS, the online
 * catalogue is searched too and its results are listed below the catalogue's. A newer
 * keystroke aborts the search under way (its fetch is cancelled, not just ignored).
 * Kept apart from book-prompt.ts so the prompt itself stays about keys and rows.
 */

/** What the picker's caller searches online: catalogue books found there, and the rest. */
export interface PickerOnlineResults {
  /** Books of the catalogue among the service's results (shown as the catalogue's). */
  known: BookChoice[]
  hits: CatalogueHit[]
}

/**
 * Rejects with an Error whose message is the one dim line to show (offline, the
 * service failed or timed out); with the signal's reason when it was aborted.
 */
export type OnlineSearchFn = (term: string, signal: AbortSignal) => Promise<PickerOnlineResults>

/** Shorter terms are not sent: too many works match them to be of use. */
export const MIN_TERM = 3
/** The pause in typing, counted from the last keystroke, before the service is asked. */
export const PAUSE_MS = 350

export interface OnlineState {
  /** The term these results are for. */
  term?: string
  known: BookChoice[]
  hits: CatalogueHit[]
  /** A search is waiting for the pause or for its answer. */
  searching: boolean
  /** One dim line: why there are no online results (offline, a failure). */
  notice?: string
}

const NONE: OnlineState = { known: [], hits: [], searching: false }

/**
 * The online results for the term on screen. `settled` is true once the catalogue's
 * rows for this term are drawn; `count` is how many there are.
 */
export function useOnlineResults(
  search: OnlineSearchFn | undefined,
  term: string,
  settled: boolean,
  count: number,
  pageSize: number,
): OnlineState {
  const [state, setState] = useState<OnlineState>(NONE)
  // When the term last changed: the pause is counted from the keystroke, not from when
  // the catalogue answered.
  const typed = useRef({ term, at: Date.now() })
  if (typed.current.term !== term) typed.current = { term, at: Date.now() }

  const wanted = search !== undefined && settled && count < pageSize && term.trim().length >= MIN_TERM
  useEffect(() => {
    if (!wanted) {
      setState(NONE)
      return
    }
    const controller = new AbortController()
    setState({ ...NONE, term, searching: true })
    const timer = setTimeout(
      async () => {
        try {
          const found = await search!(term, controller.signal)
          if (!controller.signal.aborted) setState({ ...found, term, searching: false })
        } catch (error) {
          if (!controller.signal.aborted) setState({ ...NONE, term, notice: (error as Error).message })
        }
      },
      Math.max(0, typed.current.at + PAUSE_MS - Date.now()),
    )
    return () => {
      clearTimeout(timer)
      // Cancels the request itself: the service sees the connection close.
      controller.abort()
    }
  }, [term, wanted])
  // A render can come before the effect has reset the state for a new term: what was
  // found for an older term is never shown under this one.
  return state.term === term ? state : NONE
}

/** One online result on one line, marked; title and author are cut first. */
export function describeHit(hit: CatalogueHit, mark: string, width: number, fit: (line: string, width: number) => string): string {
  const year = hit.firstPublishYear ? ` (${hit.firstPublishYear})` : ''
  const tail = `${year} · ${safeText(hit.isbn13)} ${ONLINE_MARK}`
  const name = `${safeText(hit.title)} — ${safeText(hit.authors ?? 'unknown author')}`
  return `${mark}${fit(name, Math.max(10, width - mark.length - tail.length))}${tail}`
}

/** The dim line under the rows while searching or when the service cannot help. */
export function onlineLine(state: OnlineState): string | undefined {
  if (state.notice) return `  ${safeText(state.notice)}`
  if (state.searching) return '  Searching Open Library…'
  return undefined
}
