import { CancelledError } from './errors.js'
import type { IO } from './io.js'

/**
 * Every question the tool asks goes through here; nothing else imports Inquirer.
 * Inquirer is loaded on first use, so commands that never prompt never pay for it.
 */
export interface Prompter {
  confirm(message: string, defaultValue?: boolean): Promise<boolean>
  input(message: string, validate?: (value: string) => true | string): Promise<string>
}

export function createPrompter(io: IO): Prompter {
  const context = { input: io.stdin, output: io.stdout }
  return {
    confirm: (message, defaultValue = false) =>
      ask(async () => (await import('@inquirer/prompts')).confirm({ message, default: defaultValue }, context)),
    input: (message, validate) =>
      ask(async () => (await import('@inquirer/prompts')).input({ message, validate }, context)),
  }
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
