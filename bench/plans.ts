import type { Knex } from 'knex'
import { parseBookRef } from '../src/domain/book-ref.js'
import { type Book, matchBook, searchBooks } from '../src/store/books.js'
import { addEntries, listEntries } from '../src/store/entries.js'
import { getUser } from '../src/store/users.js'
import { getList } from '../src/store/wishlists.js'
import { BENCH_LIST, BENCH_USER, SEARCH_QUERY } from './dataset.js'

export interface Query {
  sql: string
  bindings: unknown[]
}

/**
 * The queries `show`, `add` and `books` send, captured by making the same store calls
 * the commands make (so the SQL is the stores' own, never a copy). `add` runs in a
 * transaction that is rolled back.
 */
export async function hotQueries(knex: Knex, isbn: string): Promise<Record<'show' | 'add' | 'books', Query[]>> {
  const capture = async (work: () => Promise<unknown>): Promise<Query[]> => {
    const queries: Query[] = []
    // BEGIN/ROLLBACK cannot be explained; everything else is a statement to plan.
    const listener = (data: { sql: string; bindings?: unknown[] }) => {
      if (/^\s*(select|insert|update|delete|with)\b/i.test(data.sql)) queries.push({ sql: data.sql, bindings: data.bindings ?? [] })
    }
    knex.on('query', listener)
    try {
      await work()
    } finally {
      knex.removeListener('query', listener)
    }
    return queries
  }
  const show = await capture(async () => {
    const user = await getUser(knex, BENCH_USER)
    await listEntries(knex, (await getList(knex, user.id, BENCH_LIST)).id)
  })
  const add = await capture(async () => {
    const user = await getUser(knex, BENCH_USER)
    const list = await getList(knex, user.id, BENCH_LIST)
    const match = await matchBook(knex, parseBookRef(isbn))
    const { id } = (match as { book: Book }).book
    await knex
      .transaction(async (trx) => {
        await addEntries(trx, [{ list, bookId: id }])
        throw new RolledBack()
      })
      .catch((error) => {
        if (!(error instanceof RolledBack)) throw error
      })
  })
  const books = await capture(() => searchBooks(knex, SEARCH_QUERY, 20))
  return { show, add, books }
}

class RolledBack extends Error {}

/** One line per query: the plan's top node and every scan under it. */
export async function explain(knex: Knex, query: Query): Promise<{ top: string; scans: string[]; seqScans: string[] }> {
  const rows = (await knex.raw(`explain (format json) ${toLiteralSql(query)}`)).rows
  const plan = rows[0]['QUERY PLAN'][0].Plan
  const scans: string[] = []
  const walk = (node: PlanNode) => {
    if (/Scan/.test(node['Node Type'])) scans.push(describe(node))
    node.Plans?.forEach(walk)
  }
  walk(plan)
  return { top: describe(plan), scans, seqScans: scans.filter((scan) => scan.startsWith('Seq Scan')) }
}

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PlanNode[]
}

function describe(node: PlanNode): string {
  const index = node['Index Name'] ? ` using ${node['Index Name']}` : ''
  const relation = node['Relation Name'] ? ` on ${node['Relation Name']}` : ''
  return `${node['Node Type']}${index}${relation}`
}

/** The query with its bindings written in as literals, for EXPLAIN and for psql. */
export function toLiteralSql({ sql, bindings }: Query): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => literal(bindings[Number(n) - 1]))
}

function literal(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (value === null || value === undefined) return 'null'
  // An array binding, as node-postgres sends it: an array literal ('{a,b}').
  if (Array.isArray(value)) return literal(`{${value.map((item) => `"${String(item).replace(/["\\]/g, '\\$&')}"`).join(',')}}`)
  return `'${String(value).replace(/'/g, "''")}'`
}
