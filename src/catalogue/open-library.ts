import { TEXT_LIMITS, storableText } from '../domain/limits.js'
import { normalizeIsbn } from '../domain/isbn.js'
import { WishlistError } from '../errors.js'
import { version } from '../version.js'
import { publishDate } from './publish-date.js'

/**
 * The one place that talks to Open Library (or a compatible mirror): which requests
 * go out, how fast, and how an answer becomes plain book data. Only ISBNs and
 * search words are sent.
 * docs/configuration.md says what is sent and how to turn it off.
 */

export const PROJECT_URL = 'https://github.com/wishlist-cli/wishlist'
export const USER_AGENT = `wishlist/${version} (+${PROJECT_URL})`
export const DEFAULT_CATALOGUE_URL = 'https://openlibrary.org'
export const DEFAULT_TIMEOUT_SECONDS = 5
/** ISBNs per /api/books request: 20 unknown ISBNs are one request, and the URL stays short. */
export const BATCH_SIZE = 20
/** Open Library allows about 180 requests a minute; at most 3 a second (350 ms apart) stays under it. */
const MIN_SPACING_MS = 350

export interface CatalogueConfig {
  /** Base URL without a trailing slash; undefined when offline (nothing is ever sent). */
  baseUrl: string | undefined
  timeoutMs: number
}

/** A book as the service describes it, already made storable. */
export interface CatalogueBook {
  isbn13: string
  title: string
  /** Names joined ", ", as the catalogue keeps several authors; null when none given. */
  authors: string | null
  /** YYYY-MM-DD, or null when the service gave no date it could read. */
  publishDate: string | null
}

/** The service failed (unreachable, slow, 5xx, 429, nonsense): exit 1, one line. */
export class CatalogueError extends WishlistError {
  constructor(
    message: string,
    /** The service's name (its host) and what went wrong, for callers that word their own line (the picker). */
    readonly service: string,
    readonly cause: string,
  ) {
    super(message)
  }
}

/** A book found by a search of the service (`books QUERY --online`, the picker). */
export interface CatalogueHit {
  source: 'openlibrary'
  /** The work's key, "/works/OL...W". */
  key: string
  title: string
  authors: string | null
  /** The ISBN-13 shown and added: the first valid one of the work's editions. */
  isbn13: string
  /** Every valid ISBN-13 of the work's editions the answer lists (to find the book in the catalogue). */
  isbns: string[]
  firstPublishYear: number | null
}

/** The fields a search asks for: nothing else is used. */
const SEARCH_FIELDS = 'key,title,author_name,first_publish_year,isbn'

type Env = Record<string, string | undefined>

/** From the environment and --offline: WISHLIST_CATALOGUE_URL, WISHLIST_OFFLINE, WISHLIST_CATALOGUE_TIMEOUT. */
export function catalogueConfig(env: Env, offlineFlag: boolean | undefined): CatalogueConfig {
  const offline = offlineFlag === true || isOn(env.WISHLIST_OFFLINE)
  const seconds = Number(env.WISHLIST_CATALOGUE_TIMEOUT ?? DEFAULT_TIMEOUT_SECONDS)
  const timeoutMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS) * 1000
  const baseUrl = (env.WISHLIST_CATALOGUE_URL?.trim() || DEFAULT_CATALOGUE_URL).replace(/\/+$/, '')
  return { baseUrl: offline ? undefined : baseUrl, timeoutMs }
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false'
}

/** The service's name in messages: its host. */
export function serviceName(config: CatalogueConfig): string {
  if (!config.baseUrl) return 'Open Library'
  try {
    return new URL(config.baseUrl).host
  } catch {
    return config.baseUrl
  }
}

let lastRequestAt = 0

/** Waits so that requests of this process start at least MIN_SPACING_MS apart. */
async function pace(signal: AbortSignal | undefined): Promise<void> {
  const wait = lastRequestAt + MIN_SPACING_MS - Date.now()
  if (wait > 0) await sleep(wait, signal)
  lastRequestAt = Date.now()
}

/** setTimeout as a promise; rejects with the signal's reason when it is aborted first. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Searches the service (/search.json) for books matching the words, best first, at
 * most `limit`. Works without a valid ISBN are left out: an ISBN is what `add` takes
 * and what the book is created from. `signal` cancels the request (the picker aborts
 * a search that a newer keystroke superseded); the rejection is then its reason, not
 * a CatalogueError.
 */
export async function searchCatalogue(
  config: CatalogueConfig,
  query: string,
  limit: number,
  signal?: AbortSignal,
): Promise<CatalogueHit[]> {
  if (!config.baseUrl) throw new Error('searchCatalogue called offline')
  const params = new URLSearchParams({ q: query.trim(), fields: SEARCH_FIELDS, limit: String(limit) })
  const answer = await getJson(config, `${config.baseUrl}/search.json?${params}`, signal, 'search')
  const docs = (answer as { docs?: unknown } | null)?.docs
  if (typeof answer !== 'object' || answer === null || !Array.isArray(docs)) {
    throw failure(serviceName(config), 'its answer had no list of books', 'search')
  }
  const hits: CatalogueHit[] = []
  for (const doc of docs) {
    const hit = parseHit(doc)
    if (hit && !hits.some((other) => other.isbn13 === hit.isbn13)) hits.push(hit)
    if (hits.length === limit) break
  }
  return hits
}

/** One doc of a /search.json answer; undefined without a title or a valid ISBN. */
function parseHit(doc: unknown): CatalogueHit | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined
  const record = doc as Record<string, unknown>
  const title = typeof record.title === 'string' ? storableText(record.title, TEXT_LIMITS.title) : ''
  const isbns = [
    ...new Set(
      (Array.isArray(record.isbn) ? record.isbn : [])
        .slice(0, 200)
        .flatMap((isbn) => (typeof isbn === 'string' ? [normalizeIsbn(isbn)] : []))
        .filter((isbn): isbn is string => isbn !== undefined),
    ),
  ]
  if (title === '' || isbns.length === 0) return undefined
  const names = (Array.isArray(record.author_name) ? record.author_name : [])
    .map((name) => (typeof name === 'string' ? storableText(name, TEXT_LIMITS.author) : ''))
    .filter(Boolean)
  const year = record.first_publish_year
  return {
    source: 'openlibrary',
    key: typeof record.key === 'string' ? storableText(record.key, 100) : '',
    title,
    authors: names.length > 0 ? storableText(names.join(', '), TEXT_LIMITS.author) : null,
    isbn13: isbns[0]!,
    isbns,
    firstPublishYear: typeof year === 'number' && Number.isInteger(year) && year > 0 && year < 10000 ? year : null,
  }
}

/**
 * Looks ISBN-13s up, BATCH_SIZE to a request. Returns the books the service knows,
 * by ISBN-13; the ones it does not know are absent. Throws CatalogueError on any
 * failure, so a caller changes nothing when one batch of several fails.
 */
export async function lookUpIsbns(config: CatalogueConfig, isbns: string[]): Promise<Map<string, CatalogueBook>> {
  if (!config.baseUrl) throw new Error('lookUpIsbns called offline')
  const found = new Map<string, CatalogueBook>()
  for (let start = 0; start < isbns.length; start += BATCH_SIZE) {
    const batch = isbns.slice(start, start + BATCH_SIZE)
    const bibkeys = batch.map((isbn) => `ISBN:${isbn}`).join(',')
    const url = `${config.baseUrl}/api/books?bibkeys=${encodeURIComponent(bibkeys)}&format=json&jscmd=data`
    const answer = await getJson(config, url)
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
      throw failure(serviceName(config), 'its answer was not an object of books')
    }
    for (const isbn of batch) {
      const book = parseBook(answer as Record<string, unknown>, isbn)
      if (book) found.set(isbn, book)
    }
  }
  return found
}

/**
 * One edition by ISBN through /isbn/{isbn}.json, which redirects (302) to the edition
 * /books/OL...M.json; its authors are keys, each read from /authors/OL...A.json (at
 * most MAX_AUTHORS, paced like every request). For `books add --isbn X` when the batch
 * endpoint does not know the ISBN; undefined when this one does not either (404).
 */
export async function lookUpEdition(config: CatalogueConfig, isbn13: string): Promise<CatalogueBook | undefined> {
  if (!config.baseUrl) throw new Error('lookUpEdition called offline')
  const edition = await getJson(config, `${config.baseUrl}/isbn/${isbn13}.json`, undefined, 'look-up', true)
  if (edition === undefined) return undefined
  const record = (typeof edition === 'object' && edition !== null ? edition : {}) as Record<string, unknown>
  const title = typeof record.title === 'string' ? storableText(record.title, TEXT_LIMITS.title) : ''
  if (title === '') throw failure(serviceName(config), 'its edition had no title')
  const keys = (Array.isArray(record.authors) ? record.authors : [])
    .map((author) => (typeof author?.key === 'string' ? author.key : ''))
    .filter((key) => /^\/authors\/OL\d+A$/.test(key))
    .slice(0, MAX_AUTHORS)
  const names: string[] = []
  for (const key of keys) {
    const author = await getJson(config, `${config.baseUrl}${key}.json`, undefined, 'look-up', true)
    const name = (author as { name?: unknown } | undefined)?.name
    const clean = typeof name === 'string' ? storableText(name, TEXT_LIMITS.author) : ''
    if (clean !== '') names.push(clean)
  }
  return {
    isbn13,
    title,
    authors: names.length > 0 ? storableText(names.join(', '), TEXT_LIMITS.author) : null,
    publishDate: typeof record.publish_date === 'string' ? publishDate(record.publish_date) : null,
  }
}

/** Authors read per edition: each is one more request. */
const MAX_AUTHORS = 5

type Purpose = 'look-up' | 'search'

/**
 * One GET, paced, with the timeout over the whole answer; a 429 is waited out once.
 * `cancel` (the caller's signal) aborts the wait, the request and the body: the
 * rejection is then the signal's reason, never a CatalogueError.
 */
async function getJson(
  config: CatalogueConfig,
  url: string,
  cancel?: AbortSignal,
  purpose: Purpose = 'look-up',
  /** A 404 is an answer (undefined): the service does not know what was asked for. */
  notFoundIsAnswer = false,
): Promise<unknown> {
  const service = serviceName(config)
  const fail = (cause: string) => (cancel?.aborted ? cancel.reason : failure(service, cause, purpose))
  for (let attempt = 1; ; attempt++) {
    await pace(cancel)
    let response: Response
    let body: string
    // One timeout over the request and the whole body.
    const timeout = AbortSignal.timeout(config.timeoutMs)
    const signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout
    try {
      response = await fetch(url, { headers: { 'User-Agent': USER_AGENT, Accept: 'application/json' }, signal })
    } catch (error) {
      throw fail(networkCause(error, config))
    }
    try {
      body = await response.text()
    } catch (error) {
      throw fail(timeout.aborted ? networkCause(error, config) : 'its answer was cut off')
    }
    if (response.status === 429) {
      const waitMs = retryAfterMs(response.headers.get('retry-after'))
      if (attempt === 1 && waitMs !== undefined && waitMs <= config.timeoutMs) {
        await sleep(waitMs, cancel)
        continue
      }
      throw fail('too many requests (429); try again later')
    }
    if (response.status === 404 && notFoundIsAnswer) return undefined
    if (!response.ok) throw fail(`it answered ${response.status} ${response.statusText}`.trim())
    try {
      return JSON.parse(body)
    } catch {
      throw fail('its answer was not valid JSON (malformed or cut off)')
    }
  }
}

function failure(service: string, cause: string, purpose: Purpose = 'look-up'): CatalogueError {
  // One line: what failed and what to do instead.
  const message =
    purpose === 'search'
      ? `Could not search ${service}: ${cause}. Search the catalogue alone without --online (--offline keeps wishlist off the network).`
      : `Could not look books up in ${service}: ${cause}. Use --offline, or add the book with \`wishlist books add --isbn ISBN --title ...\`.`
  return new CatalogueError(message, service, cause)
}

function networkCause(error: unknown, config: CatalogueConfig): string {
  const name = error instanceof Error ? error.name : ''
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${config.timeoutMs / 1000} s`
  // fetch wraps the system error (ECONNREFUSED, ENOTFOUND...) as its cause.
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined
  if (cause?.code) return `cannot connect (${cause.code})`
  // Without a code, the cause says more than fetch's own "fetch failed" ("bad port").
  return `cannot connect (${cause?.message ?? (error instanceof Error ? error.message : String(error))})`
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

/** One entry of an /api/books?jscmd=data answer; undefined when absent or without a title. */
function parseBook(answer: Record<string, unknown>, isbn: string): CatalogueBook | undefined {
  const entry = (answer as Record<string, unknown>)[`ISBN:${isbn}`]
  if (entry === undefined) return undefined
  const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
  const title = typeof record.title === 'string' ? storableText(record.title, TEXT_LIMITS.title) : ''
  if (title === '') return undefined
  const names = Array.isArray(record.authors)
    ? record.authors
        .map((author) => (typeof author?.name === 'string' ? storableText(author.name, TEXT_LIMITS.author) : ''))
        .filter(Boolean)
    : []
  const authors = names.length > 0 ? storableText(names.join(', '), TEXT_LIMITS.author) : null
  return {
    isbn13: isbn,
    title,
    authors,
    publishDate: typeof record.publish_date === 'string' ? publishDate(record.publish_date) : null,
  }
}
