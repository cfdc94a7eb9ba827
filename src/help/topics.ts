/**
 * The reference that is not a command: environment variables and exit codes. One
 * list each, printed by `wishlist help environment` / `help exit-codes` and written
 * into wishlist(1) (scripts/make-man-page.mjs). test/cli/help-topics.test.ts fails
 * when src/ reads a variable this list does not name.
 */
export interface EnvironmentVariable {
  name: string
  meaning: string
  default?: string
}

export const ENVIRONMENT: EnvironmentVariable[] = [
  { name: 'DATABASE_URL', meaning: 'PostgreSQL server to use (same as --db)', default: 'the embedded database' },
  { name: 'WISHLIST_DATA_DIR', meaning: 'embedded database directory (same as --data-dir)', default: '$XDG_DATA_HOME/wishlist' },
  { name: 'XDG_DATA_HOME', meaning: 'where the embedded database directory goes', default: '~/.local/share' },
  { name: 'WISHLIST_USER', meaning: 'act as this user, an id or email (same as --user)', default: 'the saved default' },
  { name: 'XDG_CONFIG_HOME', meaning: 'where wishlist/config.json (the saved default user) lives', default: '~/.config' },
  { name: 'HOME', meaning: 'the home directory, for the two defaults above' },
  { name: 'WISHLIST_LOCK_TIMEOUT', meaning: 'seconds to wait for the embedded database when another process holds it', default: '30' },
  { name: 'WISHLIST_SERVER_IDLE_SECONDS', meaning: "the embedded database's background process stops after this long unused", default: '120' },
  { name: 'XDG_RUNTIME_DIR', meaning: "where the embedded database's socket goes when the data directory's path is too long for one", default: 'the temporary directory' },
  { name: 'WISHLIST_CATALOGUE_URL', meaning: 'base URL of the Open Library-compatible service unknown ISBNs are looked up in', default: 'https://openlibrary.org' },
  { name: 'WISHLIST_OFFLINE', meaning: 'any value but empty, 0 or false: never look books up online (same as --offline)' },
  { name: 'WISHLIST_CATALOGUE_TIMEOUT', meaning: 'seconds to wait for one answer of that service', default: '5' },
  { name: 'NO_COLOR', meaning: 'any value but empty: no colour (same as --no-color)' },
  { name: 'FORCE_COLOR', meaning: 'colour even when stdout is not a terminal (0 or false: not)' },
  { name: 'TERM', meaning: 'dumb: no colour' },
  { name: 'COLUMNS', meaning: 'the terminal width, when the terminal does not say', default: '80' },
  { name: 'WISHLIST_PAGER', meaning: 'pager for tables longer than the screen on a terminal (cat or empty: none; --no-pager); wins over PAGER' },
  { name: 'PAGER', meaning: 'the same, shared with other tools', default: 'less -FRX when installed' },
  { name: 'LESS', meaning: "less's options; set to FRX for the pager when unset (as git does)" },
  { name: 'LESSCHARSET', meaning: "less's character set; set to utf-8 for the pager when unset (the tables are UTF-8, whatever the locale)", default: 'utf-8' },
  { name: 'PATH', meaning: 'where less is looked for' },
  { name: 'DEBUG', meaning: 'any value: print stack traces of errors' },
]

export interface ExitCode {
  code: number
  meaning: string
}

/** SPEC "Exit codes", with what a declined confirmation gives. */
export const EXIT_CODES: ExitCode[] = [
  { code: 0, meaning: 'success (an empty result is success)' },
  { code: 1, meaning: 'failure: database unreachable, schema not migrated, unexpected error; a declined confirmation (nothing changed)' },
  { code: 2, meaning: 'usage or invalid input: unknown option, malformed id/ISBN/date, missing argument, ambiguous BOOK, prompt needed with no terminal' },
  { code: 3, meaning: 'not found: unknown user, book or list; removing a book that is not on the list' },
  { code: 4, meaning: 'conflict: a name or ISBN that already exists' },
  { code: 130, meaning: 'interrupted (Ctrl-C), with nothing half-written' },
]

export const HELP_TOPICS = {
  environment: 'the environment variables wishlist reads',
  'exit-codes': 'what each exit status means',
} as const

/** `wishlist help environment`: one variable a line, then its default. */
export function environmentText(): string {
  const width = Math.max(...ENVIRONMENT.map((variable) => variable.name.length))
  const lines = ENVIRONMENT.map(
    (variable) => `  ${variable.name.padEnd(width)}  ${variable.meaning}${variable.default ? ` (default: ${variable.default})` : ''}`,
  )
  return `Environment variables wishlist reads (options given on the command line win):\n\n${lines.join('\n')}\n`
}

export function exitCodesText(): string {
  return `Exit codes:\n\n${EXIT_CODES.map(({ code, meaning }) => `  ${String(code).padStart(3)}  ${meaning}`).join('\n')}\n`
}
