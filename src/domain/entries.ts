/** The values of an entry's fields that commands take as options (no database code: the CLI's start-up imports this). */
export const PRIORITIES = ['low', 'normal', 'high'] as const
export type Priority = (typeof PRIORITIES)[number]

/** `show --sort`: position is the manual order (`move`). */
export const ENTRY_SORTS = ['position', 'priority', 'title', 'author', 'added', 'published'] as const
export type EntrySort = (typeof ENTRY_SORTS)[number]
