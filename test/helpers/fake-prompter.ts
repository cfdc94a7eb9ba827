import type { BookChoice, PickBooksOptions, Prompter } from '../../src/prompter.js'
import type { Book } from '../../src/store/books.js'

/** Scripted answers, used in order; a question with no answer left fails the test. */
export interface Answers {
  confirm?: boolean[]
  input?: string[]
  chooseBook?: ((candidates: BookChoice[]) => Book)[]
  /** The books picked, or a function that plays the user: it may search as they would type. */
  pickBooks?: (Book[] | ((options: PickBooksOptions) => Promise<Book[]>))[]
  /** Menu answers (the value of the chosen entry). */
  select?: string[]
}

/** A Prompter for in-process runs with tty:true: answers from a script, records every question. */
export interface FakePrompter extends Prompter {
  /** Every question's message, in order. */
  asked: string[]
  /** What each picker was opened with. */
  picks: PickBooksOptions[]
  /** The candidates each "which book?" question offered. */
  choices: { message: string; candidates: BookChoice[] }[]
}

export function fakePrompter(answers: Answers = {}): FakePrompter {
  const asked: string[] = []
  const picks: PickBooksOptions[] = []
  const choices: FakePrompter['choices'] = []
  const next = <T>(queue: T[] | undefined, message: string): T => {
    asked.push(message)
    if (!queue || queue.length === 0) throw new Error(`unexpected prompt: ${message}`)
    return queue.shift()!
  }
  return {
    asked,
    picks,
    choices,
    confirm: async (message) => next(answers.confirm, message),
    input: async (message) => next(answers.input, message),
    pickBooks: async (options) => {
      picks.push(options)
      const answer = next(answers.pickBooks, options.message)
      return typeof answer === 'function' ? answer(options) : answer
    },
    chooseBook: async (message, candidates) => {
      choices.push({ message, candidates })
      return next(answers.chooseBook, message)(candidates)
    },
    select: async (message) => next(answers.select, message) as never,
  }
}

/** Runs a picker search the way the prompt would, as the user types `term`. */
export function search(options: PickBooksOptions, term: string): Promise<BookChoice[]> {
  return options.search(term, new AbortController().signal)
}
