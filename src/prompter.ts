import { CancelledError } from './errors.js'
import type { IO } from './io.js'
import { safeText } from './output/safe-text.js'
import type { CatalogueHit } from './catalogue/open-library.js'
import type { OnlineSearchFn } from './picker/online-results.js'
import type { Book } from './store/books.js'

/** A book offered in a picker, marked when it is already on the target list. */
export interface BookChoice {
  book: Book
  onList: boolean
}

export interface PickBooksOptions {
  message: string
  /**
   * Runs as the user types; aborted when a newer keystroke supersedes it. `limit`:
   * how many rows, growing a page at a time as the user scrolls (the first page
   * when undefined); fewer than asked means there are no more.
   */
  search: (term: string, signal: AbortSignal, limit?: number) => Promise<BookChoice[]>
  /** How many books match in all, for the picker's "N more" (counted, never loaded). */
  count?: (term: string, signal: AbortSignal) => Promise<number>
  /** Let the user choose several books before finishing. */
  multiple: boolean
  /** Also search the online catalogue after a pause in typing (add's picker). */
  online?: OnlineSearchFn
}

/** What a picker returns: catalogue books, and (with `online`) books found online. */
export type PickedBook = Book | CatalogueHit

/** One entry of a menu. */
export interface MenuChoice<T> {
  name: string
  value: T
  description?: string
  /** Shown but not selectable; a string says why. */
  disabled?: boolean | string
}

/**
 * Every question the tool asks goes through here; nothing else imports Inquirer
 * (src/picker/ holds the picker prompt this module uses). Inquirer is loaded on first
 * use, so commands that never prompt never pay for it. Ctrl-C or Escape at any prompt
 * rejects with CancelledError (exit 130, or back to the menu in interactive mode).
 */
export interface Prompter {
  confirm(message: string, defaultValue?: boolean): Promise<boolean>
  /** `defaultValue` is typed in already (editing a note). */
  input(message: string, validate?: (value: string) => true | string, defaultValue?: string): Promise<string>
  /** The searchable book picker; resolves to the chosen books (possibly none). */
  pickBooks(options: PickBooksOptions): Promise<PickedBook[]>
  /** One book out of a known set of candidates (an ambiguous BOOK argument). */
  chooseBook(message: string, candidates: BookChoice[]): Promise<Book>
  /** One entry of a menu. */
  select<T>(message: string, choices: MenuChoice<T>[], defaultValue?: T): Promise<T>
}

export function createPrompter(io: IO): Prompter {
  const context = (signal: AbortSignal) => ({ input: io.stdin, output: io.stdout, signal })
  // One package per prompt: @inquirer/prompts would also bring its editor prompt,
  // whose encoding libraries are half a megabyte of JavaScript.
  const picker = () => import('./picker/book-prompt.js')
  // Messages, choices and validation errors quote list, user and book names: every
  // string Inquirer draws passes through safeText here, whoever built it.
  const checked = (validate?: (value: string) => true | string) =>
    validate && ((value: string) => {
      const verdict = validate(value)
      return verdict === true ? true : safeText(verdict)
    })
  const pick = async (options: PickBooksOptions) => {
    // A search still running when the picker closes (Ctrl-C just after a keystroke) is
    // waited for: the command closes its connection next, and a query caught half-way
    // by that keeps the process from exiting.
    const running = new Set<Promise<unknown>>()
    const tracked = <R, A extends unknown[]>(search: (term: string, signal: AbortSignal, ...rest: A) => Promise<R>) => (term: string, signal: AbortSignal, ...rest: A) => {
      const promise = search(term, signal, ...rest)
      running.add(promise)
      const forget = () => running.delete(promise)
      promise.then(forget, forget)
      return promise
    }
    const config = {
      ...options,
      search: tracked(options.search),
      count: options.count && tracked(options.count),
      online: options.online && tracked(options.online),
      message: safeText(options.message),
      columns: io.columns,
      // Read when drawn: after a resize the picker re-lays at the new width.
      width: () => io.columns,
      onResize: (listener: () => void) => {
        const resized = () => {
          // The old rows, reflowed by the terminal at its new width, cannot be erased
          // line by line: clear the screen and draw the picker again from the top.
          io.stdout.write('\u001b[2J\u001b[H')
          listener()
        }
        io.stdout.on('resize', resized)
        return () => void io.stdout.removeListener('resize', resized)
      },
    }
    try {
      return await ask(io, async (signal) => (await picker()).bookPrompt(config, context(signal)))
    } finally {
      await Promise.allSettled(running)
    }
  }
  return {
    confirm: (message, defaultValue = false) =>
      ask(io, async (signal) =>
        (await import('@inquirer/confirm')).default({ message: safeText(message), default: defaultValue }, context(signal)),
      ),
    input: (message, validate, defaultValue) =>
      ask(io, async (signal) =>
        (await import('@inquirer/input')).default(
          {
            message: safeText(message),
            validate: checked(validate),
            // Prefilled, so it can be edited rather than retyped; shown safe.
            ...(defaultValue === undefined ? {} : { default: safeText(defaultValue), prefill: 'editable' as const }),
          },
          context(signal),
        ),
      ),
    pickBooks: pick,
    // The same picker, narrowed to the candidates: typing filters them further.
    chooseBook: async (message, candidates) => {
      const [book] = await pick({
        message,
        multiple: false,
        search: async (term, _signal, limit) => candidates.filter((choice) => matches(choice.book, term)).slice(0, limit),
      })
      if (!book || 'source' in book) throw new CancelledError()
      return book
    },
    select: (message, choices, defaultValue) =>
      ask(io, async (signal) =>
        (await import('@inquirer/select')).default(
          {
            message: safeText(message),
            default: defaultValue,
            pageSize: 14,
            choices: choices.map((choice) => ({
              ...choice,
              name: safeText(choice.name),
              description: choice.description === undefined ? undefined : safeText(choice.description),
              disabled: typeof choice.disabled === 'string' ? safeText(choice.disabled) : choice.disabled,
            })),
          },
          context(signal),
        ),
      ),
  }
}

/** Every word of the term in the title, author or ISBN (any case). */
function matches(book: Book, term: string): boolean {
  const haystack = `${book.title} ${book.author ?? ''} ${book.isbn ?? ''}`.toLowerCase()
  return term
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word))
}

/**
 * Runs one prompt. Escape aborts it (Inquirer has no Escape binding of its own; its
 * readline emits keypress events on stdin, which we listen to for the prompt's
 * lifetime) and Ctrl-C closes it; both become CancelledError, never a stack trace.
 */
export async function ask<T>(io: IO, question: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const onKeypress = (_: unknown, key?: { name?: string }) => {
    if (key?.name === 'escape') controller.abort()
  }
  io.stdin.on('keypress', onKeypress)
  try {
    return await question(controller.signal)
  } catch (error) {
    const name = (error as Error).name
    if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') {
      throw new CancelledError()
    }
    throw error
  } finally {
    io.stdin.removeListener('keypress', onKeypress)
  }
}
