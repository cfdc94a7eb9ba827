import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for Open Library's /api/books on 127.0.0.1, so no test reaches the
 * internet. It answers in the documented shape (an object keyed "ISBN:..." with
 * title, authors[{name}], publish_date, identifiers; unknown ISBNs absent), records
 * every request (time, URL, User-Agent), and can be told to misbehave.
 */

export interface StandInBook {
  title: string
  authors?: string[]
  publish_date?: string
}

export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number }
  /** 429 with this Retry-After for the first `times` requests, then normal answers. */
  | { kind: 'too-many'; retryAfter: string; times: number }
  | { kind: 'slow'; delayMs: number }
  /** Announces a longer body than it sends, then closes the connection. */
  | { kind: 'truncated' }

export interface RecordedRequest {
  at: number
  url: string
  userAgent: string | undefined
  isbns: string[]
}

export const PROJECT_HAIL_MARY = {
  isbn: '9780593135204',
  book: { title: 'Project Hail Mary', authors: ['Andy Weir'], publish_date: 'May 04, 2021' },
}

export class CatalogueStandIn {
  readonly requests: RecordedRequest[] = []
  readonly books = new Map<string, StandInBook>()
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

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url)
    const isbns = (url.searchParams.get('bibkeys') ?? '')
      .split(',')
      .filter(Boolean)
      .map((key) => key.replace(/^ISBN:/, ''))
    this.requests.push({ at: Date.now(), url: request.url ?? '', userAgent: request.headers['user-agent'], isbns })
    if (url.pathname !== '/api/books') return this.send(response, 404, { error: 'notfound' })

    const behaviour = this.behaviour
    if (behaviour.kind === 'status') return this.send(response, behaviour.status, { error: 'boom' })
    if (behaviour.kind === 'too-many' && this.tooManySent < behaviour.times) {
      this.tooManySent++
      response.writeHead(429, { 'Retry-After': behaviour.retryAfter, 'Content-Type': 'text/plain' })
      return void response.end('Too Many Requests')
    }
    const body = JSON.stringify(this.entries(isbns))
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
      if (!book) continue
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
