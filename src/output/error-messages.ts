import { WishlistError } from '../errors.js'
import { isStoreError, type StoreProblem } from '../store/errors.js'
import { didYouMean } from './suggest.js'
import { shellQuote } from './shell-quote.js'
import { quote } from './words.js'

/**
 * The words of an error for the user: its message and hint. Stores throw problems as
 * data (src/store/errors.ts), phrased here; every other error carries its own words.
 * A prefix (`line 3: `, an error about one line of stdin) goes before the message.
 * src/cli.ts prints these, and the interactive mode and the picker show them.
 */
export function describeError(error: unknown): { message: string; hint?: string } {
  if (!(error instanceof Error)) return { message: String(error) }
  const prefix = error instanceof WishlistError ? (error.prefix ?? '') : ''
  const { message, hint } = isStoreError(error)
    ? phrase(error.problem)
    : { message: error.message, hint: error instanceof WishlistError ? error.hint : undefined }
  return { message: prefix + message, hint }
}

function phrase(problem: StoreProblem): { message: string; hint?: string } {
  switch (problem.kind) {
    case 'no-list':
      return { message: `No list ${quote(problem.ref)}.`, hint: didYouMean(problem.ref, problem.names) ?? 'See your lists with `wishlist lists`.' }
    case 'no-user':
      return { message: `No user ${quote(problem.ref)}.`, hint: didYouMean(problem.ref, problem.emails) ?? 'List users with `wishlist users`.' }
    case 'no-book':
      return { message: `No book with ${problem.by === 'id' ? 'id' : 'ISBN'} ${problem.ref}.` }
    case 'no-book-match': {
      const hint =
        problem.similar.length > 0
          ? `Did you mean ${problem.similar.map(quote).join(', ')}?`
          : 'Search with `wishlist books QUERY`, or add it with `wishlist books add`.'
      // One line still: the online search that may find a book the catalogue lacks.
      const online = `Search Open Library: \`wishlist books ${shellQuote(problem.text.trim())} --online\`, then \`wishlist add ISBN\`.`
      return { message: `No book matches ${quote(problem.text)}.`, hint: problem.online ? `${hint} ${online}` : hint }
    }
    case 'no-entry':
      return { message: `${quote(problem.title)} is not on ${problem.list}.` }
    case 'no-role':
      return { message: `There is no PostgreSQL role ${quote(problem.role)}.`, hint: `Create it first: createuser ${problem.role} (docs/sharing.md).` }
    case 'no-group-role':
      return {
        message: `The group role ${problem.group} does not exist: \`wishlist db migrate\` could not create it.`,
        hint: 'A superuser can create it (create role ... nologin) and migrate again; docs/sharing.md.',
      }
    case 'no-claim':
      return { message: `You have no claim on ${quote(problem.title)} on ${quote(problem.list)}.`, hint: 'See your claims with `wishlist claims`.' }
    case 'role-taken':
      return { message: `PostgreSQL role ${quote(problem.role)} is already linked to ${problem.email ?? 'another user'}.` }
    case 'claimed':
      return { message: `${quote(problem.title)} is already claimed by ${problem.by}.`, hint: 'Pick another book from the list.' }
    case 'not-a-role-name':
      return { message: `${quote(problem.role)} is not a PostgreSQL role name (1 to 63 bytes).` }
    case 'role-bypasses-rls':
      return {
        message: `PostgreSQL role ${quote(problem.role)} is not subject to row-level security (a superuser, BYPASSRLS, or owner of the tables).`,
        hint: 'Link each person to a role of their own, made with createuser.',
      }
    case 'grant-refused':
      return {
        message: `You may not grant ${problem.group} to ${problem.role}: nothing was linked.`,
        hint: `A superuser can: psql -c 'grant ${problem.group} to ${problem.role}', then run this again.`,
      }
    case 'claim-own-list':
      return { message: `${quote(problem.list)} is your own list: claims are for lists others share with you.` }
    case 'list-vanished':
      return { message: `The list ${quote(problem.name)} no longer exists (deleted meanwhile); nothing was changed.`, hint: 'See your lists with `wishlist lists`.' }
    case 'user-vanished':
      return problem.email
        ? { message: `User ${problem.email} no longer exists (deleted meanwhile).` }
        : { message: 'The user no longer exists (deleted meanwhile); nothing was changed.', hint: 'List users with `wishlist users`.' }
    case 'book-vanished':
      if (problem.title) return { message: `${quote(problem.title)} is no longer in the catalogue (deleted meanwhile).` }
      if (problem.isbn) return { message: `The book with ISBN ${problem.isbn} was deleted meanwhile; try again.` }
      return { message: 'A book was deleted from the catalogue meanwhile; nothing was added.', hint: 'Search the catalogue with `wishlist books QUERY`.' }
    case 'list-name-taken':
      return { message: `You already have a list named ${quote(problem.name)}.` }
    case 'email-taken':
      return { message: `A user with email ${problem.email} already exists.` }
    case 'isbn-taken':
      if (problem.holder) {
        return {
          message: `Another book has ISBN ${problem.isbn}: ${quote(problem.holder.title)} (${problem.holder.id}).`,
          hint: `Look at it with \`wishlist books show ${problem.holder.id}\`; a book's ISBN names one edition.`,
        }
      }
      return { message: `A book with ISBN ${problem.isbn} already exists.` }
    case 'same-book':
      return {
        message: `${quote(problem.title)}${problem.author ? ` by ${problem.author}` : ''} is already in the catalogue (${problem.id}).`,
        hint: `Use that book: \`wishlist add ${problem.id}\`.`,
      }
    case 'not-an-email':
      return { message: `${quote(problem.email)} is not an email address.` }
    case 'empty-list-name':
      return { message: 'A list name cannot be empty.' }
    case 'list-name-like-id':
      return { message: 'A list name cannot look like an id.', hint: 'Ids and names share the LIST argument.' }
  }
}
