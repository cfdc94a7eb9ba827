import type { Command, Option } from 'commander'

/** What a command line says before commander parses it: used by --json FIELDS and completion. */
export interface Words {
  /** The command the words name (the program when none). */
  command: Command
  /** Its path: ['lists', 'delete']. */
  path: string[]
  /** Positional arguments given to it. */
  operands: string[]
  /** Where `--` ended the options, or -1. */
  endOfOptions: number
}

/** The option `token` names, on `command` or one of its ancestors (global options). */
export function findOption(command: Command, token: string): Option | undefined {
  const flag = token.includes('=') ? token.slice(0, token.indexOf('=')) : token
  for (let at: Command | null = command; at; at = at.parent) {
    const found = at.options.find((option) => option.long === flag || option.short === flag)
    if (found) return found
  }
  return undefined
}

/** True when `token` (`--db`, `-u`, `-qu`) is an option that takes the next word as its value. */
export function takesValue(command: Command, token: string): boolean {
  if (token.includes('=') || !token.startsWith('-') || token === '-') return false
  // Short flags may be bundled (`-qu ada`): the last one decides.
  const flag = /^-[^-]{2,}$/.test(token) ? `-${token.at(-1)}` : token
  const option = findOption(command, flag)
  return option !== undefined && (option.required || option.optional) && !isJsonFlag(option)
}

// --json [FIELDS] takes its value only through src/output/json-fields.ts's rules.
const isJsonFlag = (option: Option) => option.long === '--json'

/** Follows `words` (argv after the program name) down the command tree, as commander will. */
export function followWords(program: Command, words: string[]): Words {
  let command = program
  const path: string[] = []
  const operands: string[] = []
  let endOfOptions = -1
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!
    if (endOfOptions < 0 && word === '--') {
      endOfOptions = index
      continue
    }
    if (endOfOptions < 0 && word.startsWith('-') && word !== '-') {
      if (takesValue(command, word)) index++
      continue
    }
    const sub = operands.length === 0 ? subcommand(command, word) : undefined
    if (sub) {
      command = sub
      path.push(sub.name())
    } else {
      operands.push(word)
    }
  }
  return { command, path, operands, endOfOptions }
}

export function subcommand(command: Command, name: string): Command | undefined {
  return command.commands.find((sub) => sub.name() === name || sub.aliases().includes(name))
}

/** Every command of the tree, with its path, the program first. */
export function allCommands(program: Command): { command: Command; path: string[] }[] {
  const found: { command: Command; path: string[] }[] = []
  const walk = (command: Command, path: string[]) => {
    found.push({ command, path })
    for (const sub of command.commands) walk(sub, [...path, sub.name()])
  }
  walk(program, [])
  return found
}
