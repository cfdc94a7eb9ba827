import type { User } from '../store/users.js'
import type { Column } from './render.js'

/** A user in --json output (SPEC "Output": `users`). */
export function userJson(user: User) {
  return { id: user.id, email: user.email, first_name: user.firstName, last_name: user.lastName }
}

/** Columns of a user in tables and plain lines: id first so `cut -f1` gives ids. */
export const userColumns: Column<User>[] = [
  { header: 'ID', plain: (user) => user.id, drop: 0 },
  { header: 'Email', plain: (user) => user.email, flex: true },
  { header: 'First name', plain: (user) => user.firstName, flex: true },
  { header: 'Last name', plain: (user) => user.lastName, flex: true },
]
