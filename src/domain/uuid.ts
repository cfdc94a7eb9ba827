const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Ids of users, lists and books are UUIDs; anything else names them some other way. */
export function isUuid(input: string): boolean {
  return UUID.test(input.trim())
}
