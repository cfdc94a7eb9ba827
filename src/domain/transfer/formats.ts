// The file formats import and export accept. Kept apart from the parsers so that
// registering the commands (every start-up) does not load the parsers.
export const IMPORT_FORMATS = ['goodreads', 'storygraph', 'csv', 'json'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

export const EXPORT_FORMATS = ['csv', 'json', 'goodreads'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
