import { expect } from 'chai'
import { Command } from 'commander'
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { registerCommands } from '../../src/commands/index.js'

const COMMANDS = fileURLToPath(new URL('../../src/commands/', import.meta.url))

type Action = ((...args: unknown[]) => unknown) & {
  handler?: { load?: () => Promise<Record<string, unknown>>; handlerName?: string }
}

/** Every command of the program with its words and the action it was given. */
function commandTree(): { words: string[]; action: Action | undefined }[] {
  const actions = new Map<Command, Action>()
  const original = Command.prototype.action
  Command.prototype.action = function (this: Command, fn: Action) {
    actions.set(this, fn)
    return original.call(this, fn as never)
  }
  const program = new Command('wishlist')
  try {
    registerCommands(program, ((handler: Action['handler']) => Object.assign(() => {}, { handler })) as never)
  } finally {
    Command.prototype.action = original
  }
  const found: { words: string[]; action: Action | undefined }[] = []
  const walk = (command: Command, words: string[]) => {
    for (const sub of command.commands) {
      found.push({ words: [...words, sub.name()], action: actions.get(sub) })
      walk(sub, [...words, sub.name()])
    }
  }
  walk(program, [])
  return found
}

describe('command files follow the command words', () => {
  const tree = commandTree()

  it('finds the commands', () => {
    const names = tree.map((command) => command.words.join(' '))
    expect(names).to.include.members(['add', 'remove', 'show', 'import', 'export', 'interactive', 'lists', 'lists create', 'db rollback', 'db status', 'books add', 'users use'])
  })

  for (const { words, action } of tree) {
    const name = words.join(' ')
    const last = words.at(-1) as string
    it(`\`wishlist ${name}\` lives at src/commands/${words.join('/')}.ts or src/commands/${words.join('/')}/${last}.ts`, async function () {
      // A group with no action of its own (`db`, `users`' subcommands) has no module.
      if (!action) return this.skip()
      const lazy = action.handler
      expect(lazy?.load, `${name}'s action is not a lazy handler`).to.be.a('function')
      const candidates = [`${words.join('/')}.ts`, `${words.join('/')}/${last}.ts`].filter((path) => existsSync(COMMANDS + path))
      expect(candidates, `no module for \`wishlist ${name}\``).to.have.length(1)
      const expected = await import(pathToFileURL(COMMANDS + candidates[0]).href)
      const loaded = await lazy!.load!()
      expect(loaded, `\`wishlist ${name}\` loads another module than src/commands/${candidates[0]}`).to.equal(expected)
      expect(expected[lazy!.handlerName!]).to.be.a('function')
    })
  }
})
