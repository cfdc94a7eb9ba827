import { CancelledError } from './errors.js'
import type { IO } from './io.js'
import type { Book } from './store/books.js'

/** A book offered in a picker, marked when it is already on the target list. */
export interface BookChoice {
  book: Book
  onList: boolean
}

export interface PickBooksOptions {
  message: string
  /** Runs as the user types; aborted when a newer keystroke supersedes it. */
  search: (term: string, signal: AbortSignal) => Promise<BookChoice[]>
  /** Let the user choose several books before finishing. */
  multiple: boolean
}

/**
 * Every question the tool asks goes through here; nothing else imports Inquirer.
 * Inquirer is loaded on first use, so commands that never prompt never pay for it.
 */
export interface Prompter {
  confirm(message: string, defaultValue?: boolean): Promise<boolean>
  input(message: string, validate?: (value: string) => true | string): Promise<string>
  /** The searchable book picker; resolves to the chosen books (possibly none). */
  pickBooks(options: PickBooksOptions): Promise<Book[]>
  /** One book out of a known set of candidates (an ambiguous BOOK argument). */
  chooseBook(message: string, candidates: BookChoice[]): Promise<Book>
}

export function createPrompter(io: IO): Prompter {
  const context = { input: io.stdin, output: io.stdout }
  const inquirer = () => import('@inquirer/prompts')
  return {
    confirm: (message, defaultValue = false) =>
      ask(async () => (await inquirer()).confirm({ message, default: defaultValue }, context)),
    input: (message, validate) => ask(async () => (await inquirer()).input({ message, validate }, context)),
    pickBooks: (options) =>
      ask(async () => {
        const book = await (await inquirer()).search<Book>(
          {
            message: options.message,
            source: async (term, { signal }) =>
              (await options.search(term ?? '', signal)).map((choice) => ({
                name: describeChoice(choice),
                value: choice.book,
              })),
          },
          context,
        )
        return [book]
      }),
    chooseBook: (message, candidates) =>
      ask(async () =>
        (await inquirer()).select<Book>(
          { message, choices: candidates.map((choice) => ({ name: describeChoice(choice), value: choice.book })) },
          context,
        ),
      ),
  }
}

function describeChoice({ book, onList }: BookChoice): string {
  const year = book.publicationDate ? ` (${book.publicationDate.slice(0, 4)})` : ''
  const isbn = book.isbn ? `  ${book.isbn}` : ''
  return `${onList ? '✓ ' : '  '}${book.title} — ${book.author ?? 'unknown author'}${year}${isbn}`
}

/** Ctrl-C in a prompt becomes a CancelledError (exit 130), never a stack trace. */
export async function ask<T>(question: () => Promise<T>): Promise<T> {
  try {
    return await question()
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') {
      throw new CancelledError()
    }
    throw error
  }
}
