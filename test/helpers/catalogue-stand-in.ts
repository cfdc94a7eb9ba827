import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for Open Library on 127.0.0.1, so no test reaches the internet. It
 * answers in the documented shapes:
 * - /api/books?bibkeys=ISBN:a,...&jscmd=data: an object keyed "ISBN:..." with title,
 *   authors[{name}], publish_date, identifiers; unknown ISBNs absent;
 * - /search.json?q=...&fields=...&limit=N: {numFound, docs:[{key, title, author_name[],
 *   first_publish_year, isbn[]}]}, the works whose title or authors hold every word;
 * - /isbn/{isbn}.json: a 302 to /books/OL...M.json, an edition whose authors are
 *   keys, each answered at /authors/OL...A.json; 404 for what it does not know.
 * It records every request (time, URL, User-Agent, whether the client hung up before
 * the answer) and can be told to misbehave.
 */

export interface StandInBook {
  title: string
  authors?: string[]
  publish_date?: string
  /** Known at /isbn/{isbn}.json only, not to /api/books (Open Library's two do not always agree). */
  editionOnly?: boolean
}

export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number }
  /** 429 with this Retry-After for the first `times` requests, then normal answers. */
  | { kind: 'too-many'; retryAfter: string; times: number }
  | { kind: 'slow'; delayMs: number }
  /** Announces a longer body than it sends, then closes the connection. */
  | { kind: 'truncated' }
  /** A 200 with this body instead of the answer (an HTML error page, JSON of the wrong shape). */
  | { kind: 'body'; body: string }

export interface RecordedRequest {
  at: number
  url: string
  userAgent: string | undefined
  isbns: string[]
  /** The words of a /search.json request. */
  query?: string
  /** The client closed the connection before the answer was sent (an aborted fetch). */
  aborted: boolean
}

/** A work as /search.json describes it. */
export interface StandInWork {
  key: string
  title: string
  author_name?: string[]
  first_publish_year?: number
  isbn?: string[]
}

export const PROJECT_HAIL_MARY = {
  isbn: '9780593135204',
  book: { title: 'Project Hail Mary', authors: ['Andy Weir'], publish_date: 'May 04, 2021' },
}

export const PROJECT_HAIL_MARY_WORK: StandInWork = {
  key: '/works/OL21745884W',
  title: 'Project Hail Mary',
  author_name: ['Andy Weir'],
  first_publish_year: 2021,
  // An edition's ISBN-10 first, as Open Library's lists come in no particular order.
  isbn: ['0593135202', PROJECT_HAIL_MARY.isbn, '9780593135211'],
}

export class CatalogueStandIn {
  readonly requests: RecordedRequest[] = []
  readonly books = new Map<string, StandInBook>()
  /** What /search.json searches. */
  readonly works: StandInWork[] = []
  behaviour: Behaviour = { kind: 'ok' }
  /** Answer every valid-looking ISBN with a made-up book ("Book 978..."). */
  knowsEverything = false
  private tooManySent = 0

  private constructor(private readonly server: Server) {}

  static async start(): Promise<CatalogueStandIn> {
    const server = createServer()
    const standIn = new CatalogueStandIn(server)
    server.on('request', (request, response) => standIn.answer(request, response))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return standIn
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** Forget requests and misbehaviour between tests; the books stay. */
  reset(): void {
    this.requests.length = 0
    this.behaviour = { kind: 'ok' }
    this.knowsEverything = false
    this.tooManySent = 0
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }

  /** Resolves once `count` requests have arrived (a test waits for the picker's search). */
  async waitForRequests(count: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (this.requests.length < count) {
      if (Date.now() > deadline) throw new Error(`the stand-in saw ${this.requests.length} requests, not ${count}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url)
    const isbns = (url.searchParams.get('bibkeys') ?? '')
      .split(',')
      .filter(Boolean)
      .map((key) => key.replace(/^ISBN:/, ''))
    const recorded: RecordedRequest = {
      at: Date.now(),
      url: request.url ?? '',
      userAgent: request.headers['user-agent'],
      isbns,
      query: url.pathname === '/search.json' ? (url.searchParams.get('q') ?? '') : undefined,
      aborted: false,
    }
    this.requests.push(recorded)
    response.on('close', () => {
      if (!response.writableFinished) recorded.aborted = true
    })
    const body = this.route(url)
    if (body === undefined) return this.send(response, 404, { error: 'notfound' })
    if ('redirect' in body) {
      response.writeHead(302, { Location: body.redirect })
      return void response.end()
    }
    this.misbehaveOr(response, JSON.stringify(body.json))
  }

  /** What a path answers when all goes well; undefined for a 404. */
  private route(url: URL): { json: unknown } | { redirect: string } | undefined {
    if (url.pathname === '/api/books') {
      const isbns = (url.searchParams.get('bibkeys') ?? '')
        .split(',')
        .filter(Boolean)
        .map((key) => key.replace(/^ISBN:/, ''))
      return { json: this.entries(isbns) }
    }
    if (url.pathname === '/search.json') {
      const words = (url.searchParams.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean)
      const found = this.works.filter((work) => {
        const text = `${work.title} ${(work.author_name ?? []).join(' ')}`.toLowerCase()
        return words.length > 0 && words.every((word) => text.includes(word))
      })
      const limit = Number(url.searchParams.get('limit') ?? 100)
      const fields = (url.searchParams.get('fields') ?? '').split(',').filter(Boolean)
      const docs = found.slice(0, limit).map((work) =>
        fields.length === 0 ? work : Object.fromEntries(Object.entries(work).filter(([field]) => fields.includes(field))),
      )
      return { json: { numFound: found.length, start: 0, numFoundExact: true, docs } }
    }
    // /isbn/{isbn}.json -> /books/OL{n}M.json, whose authors are /authors/OL{n}A.json.
    const isbn = /^\/isbn\/(\d{9}[\dX]|\d{13})\.json$/.exec(url.pathname)?.[1]
    if (isbn) {
      const index = [...this.books.keys()].indexOf(isbn)
      return index < 0 ? undefined : { redirect: `/books/OL${index + 1}M.json` }
    }
    const edition = /^\/books\/OL(\d+)M\.json$/.exec(url.pathname)?.[1]
    if (edition) {
      const entry = [...this.books.entries()][Number(edition) - 1]
      if (!entry) return undefined
      const [isbn13, book] = entry
      return {
        json: {
          key: `/books/OL${edition}M`,
          title: book.title,
          authors: (book.authors ?? []).map((_, index) => ({ key: `/authors/OL${Number(edition) * 100 + index}A` })),
          publish_date: book.publish_date,
          isbn_13: [isbn13],
          works: [{ key: `/works/OL${edition}W` }],
        },
      }
    }
    // Author n of edition e is OL{e * 100 + n}A.
    const author = /^\/authors\/OL(\d+)A\.json$/.exec(url.pathname)?.[1]
    if (author) {
      const n = Number(author)
      const name = [...this.books.values()][Math.floor(n / 100) - 1]?.authors?.[n % 100]
      return name === undefined ? undefined : { json: { key: `/authors/OL${author}A`, name } }
    }
    return undefined
  }

  private misbehaveOr(response: ServerResponse, body: string): void {
    const behaviour = this.behaviour
    if (behaviour.kind === 'status') return this.send(response, behaviour.status, { error: 'boom' })
    if (behaviour.kind === 'too-many' && this.tooManySent < behaviour.times) {
      this.tooManySent++
      response.writeHead(429, { 'Retry-After': behaviour.retryAfter, 'Content-Type': 'text/plain' })
      return void response.end('Too Many Requests')
    }
    if (behaviour.kind === 'body') return this.send(response, 200, behaviour.body)
    if (behaviour.kind === 'slow') {
      const timer = setTimeout(() => this.send(response, 200, body), behaviour.delayMs)
      response.on('close', () => clearTimeout(timer))
      return
    }
    if (behaviour.kind === 'truncated') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length + 100) })
      response.write(body.slice(0, Math.floor(body.length / 2)))
      setTimeout(() => response.destroy(), 20)
      return
    }
    this.send(response, 200, body)
  }

  private entries(isbns: string[]): Record<string, unknown> {
    const answer: Record<string, unknown> = {}
    for (const isbn of isbns) {
      const book = this.books.get(isbn) ?? (this.knowsEverything ? { title: `Book ${isbn}`, authors: ['A. Writer'], publish_date: '2014' } : undefined)
      if (!book || book.editionOnly) continue
      answer[`ISBN:${isbn}`] = {
        url: `https://openlibrary.org/books/OL1M/${encodeURIComponent(book.title)}`,
        key: '/books/OL1M',
        title: book.title,
        authors: (book.authors ?? []).map((name) => ({ url: 'https://openlibrary.org/authors/OL1A', name })),
        publish_date: book.publish_date,
        identifiers: { isbn_13: [isbn], openlibrary: ['OL1M'] },
        publishers: [{ name: 'Ballantine Books' }],
      }
    }
    return answer
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'Content-Type': 'application/json' })
    response.end(typeof body === 'string' ? body : JSON.stringify(body))
  }
}

/** A valid ISBN-13 in the 978-0-00 range (isbn3 accepts it), numbered n. */
export function madeUpIsbn(n: number): string {
  const twelve = `978000${String(n).padStart(6, '0')}`
  const sum = [...twelve].reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 1 : 3), 0)
  return `${twelve}${(10 - (sum % 10)) % 10}`
}
