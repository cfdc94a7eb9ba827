// Writes docs/commands.md from the commands' own --help texts, so the reference can
// never drift from the tool. Run after `npm run build`: node scripts/make-command-docs.mjs
import { writeFileSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import { buildProgram } from '../dist/src/cli.js'
import { createIO } from '../dist/src/io.js'

const io = createIO({ stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, color: false })
const program = buildProgram(() => {
  throw new Error('not run')
}, io)

const sections = []
const walk = (command, path) => {
  let help = ''
  command.configureHelp({ helpWidth: 88 })
  command.configureOutput({ writeOut: (text) => (help += text) })
  command.outputHelp() // unlike helpInformation(), includes the examples
  sections.push(`## \`${path}\`\n\n\`\`\`text\n${help.trim()}\n\`\`\`\n`)
  for (const sub of command.commands) if (sub.name() !== 'help') walk(sub, `${path} ${sub.name()}`)
}
walk(program, 'wishlist')
writeFileSync(
  'docs/commands.md',
  `# Commands\n\nGenerated from each command's \`--help\` by scripts/make-command-docs.mjs.\n` +
    `Global options (shown under \`wishlist\`) work with every command.\n\n${sections.join('\n')}`,
)
console.log(`docs/commands.md: ${sections.length} commands`)
