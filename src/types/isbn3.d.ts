declare module 'isbn3' {
  interface ParsedIsbn {
    isbn13: string
    isbn10?: string
    isValid: boolean
  }
  const ISBN: {
    parse(input: string): ParsedIsbn | null
    hyphenate(input: string): string | null
    asIsbn13(input: string): string | null
  }
  export default ISBN
}
