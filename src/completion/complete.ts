import { existsSync } from 'node:fs'
import type { Argument, Command, Option } from 'commander'
import { findOption, followWords, takesValue } from '../command-path.js'
import { createContext } from '../context.js'
import type { IO } from '../io.js'
import { HELP_TOPICS } from '../help/topics.js'
import { JSON_SHAPES, allFields } from '../output/json-fields.js'

/**
 * The engine behind `wishlist completion bash|zsh|fish` (the scripts in ./scripts.ts):
 * `wishlist __complete WORD... CURRENT` prints one candidate a line (`value<TAB>
 * description`) and then a directive line, `:0` (these), `:1` (complete file names) or
 * `:2` (directory names), the protocol of cobra's `__complete` that gh uses. It reads
 * the commander tree, so it never drifts from the commands, and the database for list
 * names and emails. It never prompts, never starts the embedded database's server
 * (a cold database gives no names rather than a wait) and never writes to stderr.
 */
export const COMPLETE_COMMAND = '__complete'

export type Directive = ':0' | ':1' | ':2'

interface Candidate {
  value: string
  description?: string
}

interface Answer {
  candidates: Candidate[]
  directive: Directive
}

const SHELLS = ['bash', 'zsh', 'fish']

export async function completeRun(
  program: Command,
  words: string[],
  env: Record<string, string | undefined>,
  io: IO,
): Promise<void> {
  let answer: Answer
  try {
    answer = await answerFor(program, mergeEquals(words), env, io)
  } catch {
    answer = { candidates: [], directive: ':0' }
  }
  const line = (candidate: Candidate) =>
    clean(candidate.value) + (candidate.description ? `\t${clean(candidate.description)}` : '')
  io.stdout.write([...answer.candidates.map(line), answer.directive].join('\n') + '\n')
}

// A candidate is one line of the protocol, and lands in the shell's command line.
const clean = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')

/** bash splits `--format=csv` at `=` (COMP_WORDBREAKS): put it back together. */
function mergeEquals(words: string[]): string[] {
  const merged: string[] = []
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!
    if (word === '=' && merged.length > 0 && merged.at(-1)!.startsWith('--')) {
      merged[merged.length - 1] += `=${words[index + 1] ?? ''}`
      index++
    } else {
      merged.push(word)
    }
  }
  return merged
}

async function answerFor(program: Command, words: string[], env: Record<string, string | undefined>, io: IO): Promise<Answer> {
  const current = words.at(-1) ?? ''
  const before = words.slice(0, -1)
  const at = followWords(program, before)
  const command = at.command
  const optionsOpen = at.endOfOptions < 0
  const typed = unquote(current)
  const previous = awaitingValue(command, before)

  if (previous !== undefined) {
    const flag = /^-[^-]{2,}$/.test(previous) ? `-${previous.at(-1)}` : previous
    return optionValues(findOption(command, flag)!, typed, '', before, env, io)
  }
  if (optionsOpen && current.startsWith('--') && current.includes('=')) {
    const flag = current.slice(0, current.indexOf('='))
    const option = findOption(command, flag)
    if (!option || !(option.required || option.optional)) return none()
    return optionValues(option, current.slice(flag.length + 1), `${flag}=`, before, env, io)
  }
  if (optionsOpen && current.startsWith('-')) return { candidates: matching(optionsOf(command), current), directive: ':0' }

  const candidates: Candidate[] = []
  // After --json: the command's fields (a,b,<TAB> goes on from the last comma), and
  // whatever else may come there (src/output/json-fields.ts reads it the same way).
  if (optionsOpen && before.at(-1) === '--json') {
    const shape = JSON_SHAPES[at.path.join(' ')]
    const done = typed.slice(0, typed.lastIndexOf(',') + 1)
    for (const field of shape ? allFields(shape) : []) candidates.push({ value: done + field, description: 'JSON field' })
  }
  if (at.operands.length === 0) {
    for (const sub of command.commands) {
      if (!isHidden(sub)) candidates.push({ value: sub.name(), description: sub.description() })
    }
  }
  if (at.path.length === 1 && at.path[0] === 'help') {
    if (at.operands.length === 0) {
      for (const sub of program.commands) if (!isHidden(sub) && sub.name() !== 'help') candidates.push({ value: sub.name(), description: sub.description() })
      for (const [topic, description] of Object.entries(HELP_TOPICS)) candidates.push({ value: topic, description })
    }
    return { candidates: matching(candidates, typed), directive: ':0' }
  }
  const argument = argumentAt(command, at.operands.length)
  if (argument) {
    const kind = argument.name().toUpperCase()
    if (argument.argChoices) candidates.push(...argument.argChoices.map((value) => ({ value })))
    else if (kind === 'SHELL') candidates.push(...SHELLS.map((value) => ({ value })))
    else if (kind === 'FILE') return { candidates: [], directive: ':1' }
    else if (kind === 'LIST') candidates.push(...(await listNames(before, env, io)))
    else if (kind === 'USER') candidates.push(...(await userEmails(typed, before, env, io)))
  }
  return { candidates: matching(candidates, typed), directive: ':0' }
}

/** The option whose value the current word is (`--sort <TAB>`), when the last word is one. */
function awaitingValue(command: Command, before: string[]): string | undefined {
  for (let index = 0; index < before.length; index++) {
    const word = before[index]!
    if (word === '--') return undefined
    if (takesValue(command, word)) {
      if (index === before.length - 1) return word
      index++
    }
  }
  return undefined
}

async function optionValues(
  option: Option,
  typed: string,
  prefix: string,
  before: string[],
  env: Record<string, string | undefined>,
  io: IO,
): Promise<Answer> {
  const name = option.attributeName()
  let candidates: Candidate[] = []
  if (option.argChoices) candidates = option.argChoices.map((value) => ({ value }))
  else if (name === 'list') candidates = await listNames(before, env, io)
  else if (name === 'user') candidates = await userEmails(typed, before, env, io)
  else if (name === 'output') return { candidates: [], directive: ':1' }
  else if (name === 'dataDir') return { candidates: [], directive: ':2' }
  return {
    candidates: matching(candidates, typed).map((candidate) => ({ ...candidate, value: prefix + candidate.value })),
    directive: ':0',
  }
}

function optionsOf(command: Command): Candidate[] {
  const found: Candidate[] = []
  for (let at: Command | null = command; at; at = at.parent) {
    for (const option of at.options) {
      if (option.hidden) continue
      if (option.long) found.push({ value: option.long, description: option.description })
    }
  }
  found.push({ value: '--help', description: 'show help' })
  return found
}

function argumentAt(command: Command, index: number): Argument | undefined {
  const args = command.registeredArguments
  if (index < args.length) return args[index]
  const last = args.at(-1)
  return last?.variadic ? last : undefined
}

const isHidden = (command: Command) => (command as unknown as { _hidden?: boolean })._hidden === true

const none = (): Answer => ({ candidates: [], directive: ':0' })

/** The typed word without the shell's quoting (`"Gift i`, `Gift\ i`). */
function unquote(word: string): string {
  if (word.startsWith('"') || word.startsWith("'")) return word.slice(1)
  return word.replace(/\\(.)/g, '$1')
}

function matching(candidates: Candidate[], typed: string): Candidate[] {
  const lower = typed.toLowerCase()
  const seen = new Set<string>()
  return candidates.filter((candidate) => {
    if (seen.has(candidate.value) || !candidate.value.toLowerCase().startsWith(lower)) return false
    seen.add(candidate.value)
    return true
  })
}

/** The global options typed so far that choose the database and the user. */
function globalsTyped(before: string[]) {
  const value = (...flags: string[]): string | undefined => {
    let found: string | undefined
    before.forEach((word, index) => {
      for (const flag of flags) {
        if (word === flag && index + 1 < before.length) found = before[index + 1]
        else if (word.startsWith(`${flag}=`)) found = word.slice(flag.length + 1)
      }
    })
    return found === undefined ? undefined : unquote(found)
  }
  return { db: value('--db'), dataDir: value('--data-dir'), user: value('-u', '--user') }
}

/** A database to read names from, when one answers now: never a server start, never a prompt. */
async function withDatabase<T>(
  before: string[],
  env: Record<string, string | undefined>,
  io: IO,
  read: (ctx: ReturnType<typeof createContext>) => Promise<T[]>,
): Promise<T[]> {
  const typed = globalsTyped(before)
  const ctx = createContext({
    io,
    env,
    options: { json: false, input: false, color: false, quiet: true, offline: true, ...typed },
  })
  if (ctx.target.kind === 'embedded') {
    const [{ embeddedPaths }, { canConnect }] = await Promise.all([import('../db/embedded/paths.js'), import('../db/embedded/client.js')])
    const { socket } = embeddedPaths(ctx.target.dataDir, env)
    if (!existsSync(socket) || !(await canConnect(socket))) return []
  }
  try {
    return await read(ctx)
  } finally {
    await ctx.close()
  }
}

function listNames(before: string[], env: Record<string, string | undefined>, io: IO): Promise<Candidate[]> {
  return withDatabase(before, env, io, async (ctx) => {
    const [{ currentUser }, { listsOf }] = await Promise.all([import('../session.js'), import('../store/wishlists.js')])
    const knex = await ctx.db()
    const lists = await listsOf(knex, (await currentUser(ctx, knex)).id)
    return lists.map((list) => ({ value: list.name, description: `${list.bookCount} ${list.bookCount === 1 ? 'book' : 'books'}` }))
  })
}

function userEmails(typed: string, before: string[], env: Record<string, string | undefined>, io: IO): Promise<Candidate[]> {
  return withDatabase(before, env, io, async (ctx) => {
    const { emailsStartingWith } = await import('../store/users.js')
    const users = await emailsStartingWith(await ctx.db(), typed, 200)
    return users.map((user) => ({ value: user.email, description: [user.firstName, user.lastName].filter(Boolean).join(' ') || undefined }))
  })
}
