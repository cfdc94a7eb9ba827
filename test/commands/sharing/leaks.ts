import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { fakePrompter } from '../../helpers/fake-prompter.js'
import type { RunOptions, RunResult } from '../../helpers/run.js'

/**
 * The claim-leak checks: every command a list's owner may run, in every output form,
 * and what must never appear in its output when others have claimed books on the
 * owner's lists (docs/sharing.md). Shared by claim-leaks.test.ts (both backends, as
 * the administrator with --user) and roles.test.ts (as the owner's own role, directly
 * and through PgBouncer).
 */
export interface OwnerCommand {
  name: string
  args: string[]
  options?: RunOptions
  /** A file the command writes, read and checked too. */
  file?: string
  /** Needs an in-process run (a scripted prompter); roles.test.ts runs the menu in a real pty instead. */
  inProcessOnly?: boolean
  /** The output may name other users (`users` lists them all): only notes and the word "claim" are checked. */
  namesOthers?: boolean
}

export interface LeakFixture {
  /** The owner's list with claimed books, by name. */
  list: string
  /** A claimed book on it (ISBN), and one not claimed yet on the catalogue. */
  claimedIsbn: string
  claimedBookId: string
  otherIsbn: string
  dir: string
  /**
   * The list is shared with the claimers by name, so `lists` rightly names them: its
   * output is then checked for notes and the word "claim" only. (claim-leaks.test.ts
   * makes the lists public instead, so every output is checked for the names too.)
   */
  sharedWithClaimers?: boolean
}

export function ownerCommands(fixture: LeakFixture): OwnerCommand[] {
  const { list, claimedIsbn, claimedBookId, otherIsbn, dir } = fixture
  const names = { namesOthers: fixture.sharedWithClaimers ?? false }
  const tty: RunOptions = { tty: true, columns: 250 }
  const commands: OwnerCommand[] = []
  const add = (name: string, args: string[], extra: Partial<OwnerCommand> = {}) => commands.push({ name, args, ...extra })
  for (const sort of ['added', 'title', 'author', 'published']) add(`show --sort ${sort}`, ['show', list, '--sort', sort])
  add('show', ['show'])
  add('show --json', ['show', list, '--json'])
  add('show --limit 1 --json', ['show', list, '--limit', '1', '--json'])
  add('show (terminal)', ['show', list], { options: tty })
  for (const format of ['csv', 'json', 'goodreads']) {
    add(`export --format ${format}`, ['export', list, '--format', format])
    add(`export --format ${format} -o`, ['export', list, '--format', format, '-o', join(dir, `out.${format}`)], { file: join(dir, `out.${format}`) })
  }
  add('export --json', ['export', list, '--json'])
  // The interactive mode: the menu, then "Show" of the list, then quit.
  add('interactive (show)', ['interactive'], { options: { tty: true, columns: 250, prompter: fakePrompter({ select: ['show', 'quit'] }) }, inProcessOnly: true })
  add('lists', ['lists'], names)
  add('lists --json', ['lists', '--json'], names)
  add('lists (terminal)', ['lists'], { options: tty, ...names })
  add('lists --shared', ['lists', '--shared', '--json'])
  add('books show', ['books', 'show', claimedBookId])
  add('books show --json', ['books', 'show', claimedBookId, '--json'])
  add('books show (terminal)', ['books', 'show', claimedBookId], { options: tty })
  add('books QUERY', ['books', 'chicken', '--json'])
  add('users', ['users'], { namesOthers: true })
  add('claims', ['claims', '--json'])
  add('add (already there)', ['add', claimedIsbn, '-l', list])
  add('add --json (already there)', ['add', claimedIsbn, '-l', list, '--json'])
  const csv = { stdin: `title,isbn\nClaimed,${claimedIsbn}\nOther,${otherIsbn}\n` }
  add('import --dry-run', ['import', '-', '--format', 'csv', '-l', list, '--dry-run'], { options: csv })
  add('import --dry-run --json', ['import', '-', '--format', 'csv', '-l', list, '--dry-run', '--json'], { options: csv })
  add('import', ['import', '-', '--format', 'csv', '-l', list], { options: csv })
  add('import --json', ['import', '-', '--format', 'csv', '-l', list, '--json'], { options: csv })
  add('lists share', ['lists', 'share', list, '--public', '--json'], names)
  add('lists unshare --public', ['lists', 'unshare', list, '--public'])
  // Last: the owner takes the claimed book off the list, then deletes the list.
  add('remove --json', ['remove', claimedIsbn, '-l', list, '--json'])
  add('show after remove', ['show', list, '--json'])
  add('lists delete', ['lists', 'delete', list, '--yes'])
  return commands
}

/** Fails when the output (or the file written) shows any trace of a claim. */
export async function expectNoClaimTrace(command: OwnerCommand, result: RunResult, secrets: { claimers: string[]; notes: string[] }): Promise<void> {
  let text = `${result.stdout}\n${result.stderr}`
  if (command.file) text += `\n${await readFile(command.file, 'utf8')}`
  expect(result.code, `${command.name}: ${result.stderr}`).to.equal(0)
  const forbidden = [...secrets.notes, ...(command.namesOthers ? [] : secrets.claimers)]
  for (const secret of forbidden) expect(text, `${command.name} shows ${secret}`).not.to.include(secret)
  expect(text, `${command.name} speaks of claims`).not.to.match(/claim/i)
}
