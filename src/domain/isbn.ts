import ISBN from 'isbn3'

/**
 * ISBN parsing with isbn3, which checks the check digit and the registration-group
 * ranges and converts ISBN-10 to ISBN-13. Books store the 13 digits, no hyphens.
 */

/** Digits (and X) of something typed as an ISBN: hyphens and spaces dropped. */
export function isbnDigits(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase()
}

/** True when the input has the shape of an ISBN (10 or 13 digits, X check digit allowed). */
export function looksLikeIsbn(input: string): boolean {
  return /^[\d\s-]+[\dXx]$/.test(input.trim()) && /^(\d{9}[\dX]|\d{13})$/.test(isbnDigits(input))
}

/** The normalised ISBN-13, or undefined when the input is not a valid ISBN. */
export function normalizeIsbn(input: string): string | undefined {
  const digits = isbnDigits(input)
  if (!/^(\d{9}[\dX]|97[89]\d{10})$/.test(digits)) return undefined
  return ISBN.parse(digits)?.isbn13 ?? undefined
}

/** 978-1-61159-913-8, for display; the plain digits when isbn3 cannot hyphenate. */
export function hyphenateIsbn(isbn13: string): string {
  return ISBN.hyphenate(isbn13) || isbn13
}

/** The ISBN-10 form of an ISBN-13 (only 978 ISBNs have one), for Goodreads' ISBN column. */
export function isbn10Of(isbn13: string): string | undefined {
  return ISBN.parse(isbn13)?.isbn10 ?? undefined
}
