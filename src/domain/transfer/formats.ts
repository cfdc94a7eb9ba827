// The file formats import and export accept. Kept apart from the parsers so that
// registering the commands (every start-up) does not load the parsers.
export const IMPORT_FORMATS = [
  'goodreads',
  'storygraph',
  'librarything',
  'librarything-json',
  'bookwyrm',
  'openlibrary',
  'hardcover',
  'calibre',
  'csv',
  'json',
] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** The formats that are JSON documents (read by the streaming JSON parser); the others are CSV or TSV. */
export const JSON_FORMATS: readonly ImportFormat[] = ['json', 'librarything-json']

export const EXPORT_FORMATS = ['csv', 'json', 'goodreads'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
