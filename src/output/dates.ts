// Made on first use: creating it loads ICU's locale data, about 25 ms, which commands
// that print no relative times (every --json, every pipe) should not pay at start-up.
let relative: Intl.RelativeTimeFormat | undefined
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
]

/** "3 days ago", for terminals. Plain output uses ISO 8601 instead. */
export function humanizeTime(date: Date, now = new Date()): string {
  const seconds = (date.getTime() - now.getTime()) / 1000
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return (relative ??= new Intl.RelativeTimeFormat('en', { numeric: 'auto' })).format(Math.round(seconds / size), unit)
  }
  return 'just now'
}
