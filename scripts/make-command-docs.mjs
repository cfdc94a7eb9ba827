// Writes docs/commands.md from the commands' own --help texts, so the reference can
// never drift from the tool. Run after `npm run build`: node scripts/make-command-docs.mjs
// With --check it writes nothing and fails (exit 1) when docs/commands.md is stale
// (.ci/run and test/cli/generated-docs.test.ts run it so).
import { readFileSync, writeFileSync } from 'node:fs'
import { helpText, helpTree } from './help-tree.mjs'

const { commands } = helpTree()
const sections = commands
  .map(({ command, path }) => {
    // Global options are listed once, under `wishlist`.
    const help = helpText(command, { helpWidth: 88, showGlobalOptions: false })
    return `## \`${['wishlist', ...path].join(' ')}\`\n\n\`\`\`text\n${help.trim()}\n\`\`\`\n`
  })
const text =
  `# Commands\n\nGenerated from each command's \`--help\` by scripts/make-command-docs.mjs.\n` +
  `Global options (shown under \`wishlist\`) work with every command.\n\n${sections.join('\n')}`

if (process.argv.includes('--check')) {
  if (readFileSync('docs/commands.md', 'utf8') !== text) {
    console.error('docs/commands.md is stale: run `npm run build && node scripts/make-command-docs.mjs` and commit it.')
    process.exit(1)
  }
  console.log('docs/commands.md is up to date')
} else {
  writeFileSync('docs/commands.md', text)
  console.log(`docs/commands.md: ${sections.length} commands`)
}
