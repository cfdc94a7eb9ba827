// Writes wishlist(1), dist/man/wishlist.1, from the commander tree, as gh generates
// its man pages from cobra's: every command with its usage, arguments, options and
// examples, then the environment variables and exit codes of src/help/topics.ts.
// `npm run build` runs it; package.json "man" ships it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { ENVIRONMENT, EXIT_CODES } from '../dist/src/help/topics.js'
import { afterText, helpTree } from './help-tree.mjs'

const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
const { program, commands } = helpTree()

/** Text as roff reads it: backslashes, hyphens of options, lines starting with . or '. */
const roff = (text) =>
  String(text)
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n')
const bold = (text) => `\\fB${roff(text)}\\fR`

function optionItems(help, options) {
  return options.flatMap((option) => ['.TP', bold(help.optionTerm(option)), roff(help.optionDescription(option))])
}

function commandSection({ command, path }) {
  const help = command.createHelp()
  const lines = ['.SS ' + `"${roff(['wishlist', ...path].join(' '))}"`]
  lines.push(`${bold(`wishlist ${help.commandUsage(command).replace(/^wishlist /, '')}`)}`, '.br', roff(command.description()))
  const args = help.visibleArguments(command)
  if (args.length > 0) {
    lines.push('.PP', 'Arguments:', '.RS')
    for (const arg of args) lines.push('.TP', bold(help.argumentTerm(arg)), roff(help.argumentDescription(arg)))
    lines.push('.RE')
  }
  const options = help.visibleOptions(command).filter((option) => option.long !== '--help')
  if (options.length > 0) lines.push('.PP', 'Options:', '.RS', ...optionItems(help, options), '.RE')
  const after = afterText(command).trim()
  if (after) lines.push('.PP', '.nf', roff(after), '.fi')
  return lines.join('\n')
}

const programHelp = program.createHelp()
const page = [
  `.TH WISHLIST 1 "" "wishlist ${version}" "User Commands"`,
  // No hyphenation, ragged right: paths and option names stay whole.
  '.nh',
  '.ad l',
  '.SH NAME',
  `wishlist \\- ${roff(program.description().replace(/\.$/, '').replace(/^K/, 'k'))}`,
  '.SH SYNOPSIS',
  '.B wishlist',
  '[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR] [\\fIOPTIONS\\fR]',
  '.br',
  '.B wishlist',
  '(alone, on a terminal: the interactive mode)',
  '.SH DESCRIPTION',
  roff(
    'wishlist keeps wishlists of books: add books by ISBN, id or a few words of the title, show and share lists, ' +
      'import a Goodreads or StoryGraph want-to-read shelf, and pipe it all through scripts. It works on an embedded ' +
      'PostgreSQL (PGlite, created on first use) or on a PostgreSQL server (--db, DATABASE_URL).',
  ),
  '.PP',
  roff(
    'On a terminal, output is a table; otherwise it is tab-separated lines (one record per line, no header, colour ' +
      'or truncation, ISO dates). --json prints JSON anywhere; --json FIELDS keeps only those keys. Nothing prompts ' +
      'without a terminal: a missing argument fails with exit 2 and names what to pass.',
  ),
  '.SH GLOBAL OPTIONS',
  'They work with every command, before or after it.',
  ...optionItems(programHelp, programHelp.visibleOptions(program)),
  '.SH COMMANDS',
  ...commands.filter(({ path }) => path.length > 0).map(commandSection),
  '.SH ENVIRONMENT',
  ...ENVIRONMENT.flatMap((variable) => [
    '.TP',
    bold(variable.name),
    roff(variable.meaning + (variable.default ? ` (default: ${variable.default})` : '')),
  ]),
  '.SH EXIT STATUS',
  ...EXIT_CODES.flatMap(({ code, meaning }) => ['.TP', bold(String(code)), roff(meaning)]),
  '.SH FILES',
  '.TP',
  bold('$XDG_DATA_HOME/wishlist/'),
  roff('the embedded database (default ~/.local/share/wishlist)'),
  '.TP',
  bold('$XDG_CONFIG_HOME/wishlist/config.json'),
  roff('the default user saved by `wishlist users use`, per database'),
  '.SH SEE ALSO',
  roff('wishlist help environment, wishlist completion --help, psql(1); docs/ in the source: commands.md, configuration.md.'),
  '',
].join('\n')

mkdirSync('dist/man', { recursive: true })
writeFileSync('dist/man/wishlist.1', page)
console.log(`dist/man/wishlist.1: ${commands.length} commands`)
