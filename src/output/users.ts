import type { User } from '../store/users.js'
import type { Column } from './render.js'
import { safeText } from './safe-text.js'

/** A user in --json output (SPEC "Output": `users`). */
export function userJson(user: User) {
  return { id: user.id, email: user.email, first_name: user.firstName, last_name: user.lastName, role: user.role }
}

/** Columns of a user in tables and plain lines: id first so `cut -f1` gives ids. */
export const userColumns: Column<User & { isCurrent?: boolean }>[] = [
  { header: 'ID', plain: (user) => user.id },
  // On a terminal the current user says so; plain lines keep their four fields.
  { header: 'Email', plain: (user) => user.email, pretty: (user) => safeText(user.email) + (user.isCurrent ? ' (you)' : ''), flex: true },
  { header: 'First name', plain: (user) => user.firstName, flex: true },
  { header: 'Last name', plain: (user) => user.lastName, flex: true },
]
