import type { BookChoice, Prompter } from '../../src/prompter.js'
import type { Book } from '../../src/store/books.js'

/** Scripted answers; a question with no answer left fails the test. */
export interface Answers {
  confirm?: boolean[]
  input?: string[]
  chooseBook?: ((candidates: BookChoice[]) => Book)[]
  pickBooks?: Book[][]
  /** Menu answers (the value of the chosen entry). */
  select?: string[]
}

/** A Prompter for in-process runs with tty:true: answers from a script, records every question. */
export interface FakePrompter extends Prompter {
  asked: string[]
}

export function fakePrompter(answers: Answers = {}): FakePrompter {
  const asked: string[] = []
  const next = <T>(queue: T[] | undefined, message: string): T => {
    asked.push(message)
    if (!queue || queue.length === 0) throw new Error(`unexpected prompt: ${message}`)
    return queue.shift()!
  }
  return {
    asked,
    confirm: async (message) => next(answers.confirm, message),
    input: async (message) => next(answers.input, message),
    pickBooks: async (options) => next(answers.pickBooks, options.message),
    chooseBook: async (message, candidates) => next(answers.chooseBook, message)(candidates),
    select: async (message) => next(answers.select, message) as never,
  }
}
