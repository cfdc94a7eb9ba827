import type { Knex } from 'knex'
import type { Context } from '../context.js'
import { CancelledError, DatabaseError, DeclinedError, UsageError, WishlistError } from '../errors.js'
import type { MenuChoice } from '../prompter.js'
import { checkedNote } from '../domain/limits.js'
import { LoginError, currentUser } from '../session.js'
import { PRIORITIES, type Priority, findEntry, listEntries } from '../store/entries.js'
import { type User, addUser, displayName, listUsers } from '../store/users.js'
import { type Wishlist, defaultList, findList, listsOf } from '../store/wishlists.js'
import { addRun } from './add.js'
import { editRun } from './edit.js'
import { moveRun } from './move.js'
import { removeRun } from './remove.js'
import { showRun } from './show.js'
import { createRun } from './lists/create.js'
import { deleteRun } from './lists/delete.js'
import { count, quote } from '../output/words.js'
import { describeError } from '../output/error-messages.js'

type Action = 'show' | 'add' | 'remove' | 'arrange' | 'switch-list' | 'new-list' | 'delete-list' | 'switch-user' | 'quit'

/** Who the session acts for and on which list; switching changes only this session. */
interface Session {
  user: User
  list?: Wishlist
}

/**
 * `wishlist interactive` (and `wishlist` alone on a terminal): a menu loop over the
 * everyday commands. Each action is the command's own run function, acting for the
 * session's user, so the menu adds no second copy of their rules or messages. One
 * database connection serves the whole session (ctx.db() is opened once per run).
 * Ctrl-C or Escape inside an action returns to the menu; at the menu, it exits 130.
 */
export async function interactiveRun(ctx: Context): Promise<void> {
  if (!ctx.io.stdinIsTTY || !ctx.io.stdoutIsTTY) {
    throw new UsageError('interactive mode needs a terminal.', 'Run the commands instead: see `wishlist --help`.')
  }
  if (!ctx.canPrompt) {
    throw new UsageError('interactive mode cannot run with --no-input.', 'Drop --no-input, or run the commands instead.')
  }
  const knex = await ctx.db()
  const session: Session = { user: await whoAmI(ctx, knex) }
  session.list = await defaultList(knex, session.user.id)
  let last: Action = session.list ? 'show' : 'add'
  for (;;) {
    last = await ctx.prompter.select(await menuTitle(knex, session), menu(session), last)
    if (last === 'quit') return
    try {
      await perform(last, ctx, knex, session)
    } catch (error) {
      // A cancelled or refused action is reported and the menu comes back; a broken
      // database or an unexpected error ends the session (exit 1).
      if (!(error instanceof WishlistError) || error instanceof DatabaseError) throw error
      const { message, hint } = describeError(error)
      if (error instanceof CancelledError || error instanceof DeclinedError) ctx.info(message)
      else ctx.warn(hint ? `${message}\n${hint}` : message)
    }
  }
}

async function perform(action: Exclude<Action, 'quit'>, ctx: Context, knex: Knex, session: Session): Promise<void> {
  const as = actingFor(ctx, session.user)
  const list = session.list
  switch (action) {
    case 'show':
      return showRun(as, list?.id, {})
    case 'add':
      // With no list yet, `add` creates the default one, as on the command line.
      await addRun(as, [], list ? { list: [list.id] } : {})
      session.list ??= await defaultList(knex, session.user.id)
      return
    case 'remove':
      return removeRun(as, [], list ? { list: [list.id] } : {})
    case 'arrange':
      if (list) await arrange(ctx, as, knex, list)
      return
    case 'switch-list':
      session.list = await chooseList(ctx, knex, session)
      return
    case 'new-list': {
      const name = await ctx.prompter.input('Name of the new list:', (value) => value.trim() !== '' || 'Type a name.')
      await createRun(as, name)
      session.list = await findList(knex, session.user.id, name)
      return
    }
    case 'delete-list':
      if (!list) return
      // deleteRun asks for the list's name to be typed before it deletes anything.
      await deleteRun(as, list.id, {})
      session.list = await defaultList(knex, session.user.id)
      return
    case 'switch-user': {
      const users = await listUsers(knex)
      const user = await ctx.prompter.select(
        'Act as which user?',
        users.map((other) => ({ name: displayName(other), value: other })),
        users.find((other) => other.id === session.user.id),
      )
      session.user = user
      session.list = await defaultList(knex, user.id)
      return
    }
  }
}

function menu(session: Session): MenuChoice<Action>[] {
  const list = session.list
  const name = list ? quote(list.name) : ''
  const choices: (MenuChoice<Action> | false)[] = [
    !!list && { name: `Show ${name}`, value: 'show' },
    { name: list ? `Add books to ${name}` : 'Add books (creates your first list)', value: 'add' },
    !!list && { name: `Remove books from ${name}`, value: 'remove' },
    !!list && { name: 'Move a book, or set its priority or note', value: 'arrange' },
    { name: 'Switch list', value: 'switch-list' },
    { name: 'New list', value: 'new-list' },
    !!list && { name: `Delete ${name}`, value: 'delete-list' },
    { name: `Switch user (now ${session.user.email})`, value: 'switch-user' },
    { name: 'Quit', value: 'quit' },
  ]
  return choices.filter((choice): choice is MenuChoice<Action> => choice !== false)
}

type Arrangement = 'up' | 'down' | 'top' | 'bottom' | 'priority' | 'note' | 'no-note' | 'done'

const MARK: Record<Priority, string> = { high: ' !', normal: '', low: ' ↓' }

/**
 * Moves one book of the list up and down, and sets its priority and note: a book
 * chosen from the list in its order, then actions on it until "Done" (Enter again
 * repeats the last move). Each action is `move` or `edit` itself, so their rules and
 * messages are the command line's.
 */
async function arrange(ctx: Context, as: Context, knex: Knex, list: Wishlist): Promise<void> {
  const entries = await listEntries(knex, list.id)
  if (entries.length === 0) {
    ctx.info(`${list.name} has no books yet.`)
    return
  }
  const book = await ctx.prompter.select(
    `Which book of ${list.name}?`,
    entries.map((entry) => ({
      name: `${entry.position}.${MARK[entry.priority]} ${entry.book.title}${entry.book.author ? ` — ${entry.book.author}` : ''}`,
      value: entry.book,
      description: entry.note ?? undefined,
    })),
  )
  let last: Arrangement = 'up'
  for (;;) {
    const entry = await findEntry(knex, list.id, book.id)
    // Removed meanwhile (another terminal): nothing left to arrange.
    if (!entry) return
    const of = entries.length
    const choices: MenuChoice<Arrangement>[] = [
      { name: 'Move up', value: 'up', disabled: entry.position === 1 && 'already first' },
      { name: 'Move down', value: 'down', disabled: entry.position >= of && 'already last' },
      { name: 'Move to the top', value: 'top', disabled: entry.position === 1 && 'already first' },
      { name: 'Move to the bottom', value: 'bottom', disabled: entry.position >= of && 'already last' },
      { name: `Priority (now ${entry.priority})`, value: 'priority' },
      { name: entry.note ? `Edit the note (${entry.note})` : 'Add a note', value: 'note' },
      ...(entry.note ? [{ name: 'Remove the note', value: 'no-note' as const }] : []),
      { name: 'Done', value: 'done' },
    ]
    const usable: Arrangement = choices.find((choice) => choice.value === last && !choice.disabled) ? last : 'done'
    last = await ctx.prompter.select(`${quote(book.title)}: place ${entry.position} of ${of}`, choices, usable)
    const on = { list: list.id }
    switch (last) {
      case 'done':
        return
      case 'up':
        await moveRun(as, book.id, { ...on, to: entry.position - 1 })
        break
      case 'down':
        await moveRun(as, book.id, { ...on, to: entry.position + 1 })
        break
      case 'top':
        await moveRun(as, book.id, { ...on, top: true })
        break
      case 'bottom':
        await moveRun(as, book.id, { ...on, bottom: true })
        break
      case 'priority': {
        const priority = await ctx.prompter.select(
          `Priority of ${quote(book.title)}`,
          PRIORITIES.map((value) => ({ name: value, value })),
          entry.priority,
        )
        await editRun(as, book.id, { ...on, priority })
        break
      }
      case 'note': {
        const note = await ctx.prompter.input(
          `Note on ${quote(book.title)} (one line):`,
          (value) => {
            try {
              checkedNote(value)
              return true
            } catch (error) {
              return describeError(error).message
            }
          },
          entry.note ?? undefined,
        )
        await editRun(as, book.id, { ...on, note })
        break
      }
      case 'no-note':
        await editRun(as, book.id, { ...on, note: false })
        break
    }
  }
}

/** "Ada Lovelace <ada@example.com> · To read (6 books)": where the next action applies. */
async function menuTitle(knex: Knex, session: Session): Promise<string> {
  const lists = await listsOf(knex, session.user.id)
  // The list may have gone (deleted from another terminal): fall back to the default.
  const current = lists.find((list) => list.id === session.list?.id) ?? lists[0]
  session.list = current
  const where = current ? `${current.name} (${count(current.bookCount, 'book')})` : 'no lists yet'
  return `${displayName(session.user)} · ${where}`
}

async function chooseList(ctx: Context, knex: Knex, session: Session): Promise<Wishlist | undefined> {
  const lists = await listsOf(knex, session.user.id)
  const choice = await ctx.prompter.select<Wishlist | 'new'>(
    'Which list?',
    [
      ...lists.map((list) => ({ name: `${list.name} (${count(list.bookCount, 'book')})`, value: list as Wishlist })),
      { name: 'New list…', value: 'new' },
    ],
    lists.find((list) => list.id === session.list?.id),
  )
  if (choice !== 'new') return choice
  await perform('new-list', ctx, knex, session)
  return session.list
}

/**
 * Who "I" am, as for every command; where that is undecided (several users, none
 * saved), ask, and on an empty database offer to create the first user.
 */
async function whoAmI(ctx: Context, knex: Knex): Promise<User> {
  try {
    return await currentUser(ctx, knex)
  } catch (error) {
    if (!(error instanceof UsageError) || error instanceof LoginError) throw error
  }
  const users = await listUsers(knex)
  if (users.length > 0) {
    return ctx.prompter.select(
      'Act as which user?',
      users.map((user) => ({ name: displayName(user), value: user })),
    )
  }
  ctx.info('There are no users yet; create the first one (or load sample data with `wishlist db seed`).')
  const email = await ctx.prompter.input('Your email:', (value) => /^[^\s@]+@[^\s@]+$/.test(value.trim()) || 'Type an email address.')
  return addUser(knex, { email })
}

/** The context the delegated commands see: acting for the session's user, text output. */
function actingFor(ctx: Context, user: User): Context {
  return { ...ctx, options: { ...ctx.options, user: user.id, json: false } }
}

