// The commander tree, read for the generated references: docs/commands.md
// (make-command-docs.mjs) and wishlist(1) (make-man-page.mjs). Run after tsc.
import { PassThrough } from 'node:stream'
import { buildProgram } from '../dist/src/cli.js'
import { createIO } from '../dist/src/io.js'

export function helpTree() {
  const io = createIO({ stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, color: false })
  const program = buildProgram(() => {
    throw new Error('not run')
  }, io)
  const commands = []
  const walk = (command, path) => {
    commands.push({ command, path })
    for (const sub of command.commands) walk(sub, [...path, sub.name()])
  }
  walk(program, [])
  return { program, commands }
}

/** A command's whole --help (examples included), as `wishlist ... --help` prints it. */
export function helpText(command, settings) {
  let help = ''
  command.configureHelp({ ...command.configureHelp(), ...settings })
  command.configureOutput({ writeOut: (text) => (help += text) })
  command.outputHelp() // unlike helpInformation(), includes the examples
  return help
}

/** The texts added after a command's help (examples, notes, JSON fields). */
export function afterText(command) {
  let text = ''
  command.emit('afterHelp', { error: false, command, write: (chunk) => (text += chunk) })
  return text
}
