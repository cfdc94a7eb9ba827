import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { type TestDatabase, createTestDatabase, serverIsAvailable } from '../../helpers/databases.js'
import { type PgBouncer, pgbouncerAvailable, startPgBouncer } from '../../helpers/pgbouncer.js'
import { type TestRoles, createRoles } from '../../helpers/roles.js'
import { runBinary } from '../../helpers/run.js'
import { KEYS, Terminal, requirePty } from '../../interactive/terminal.js'
import { jsonOf, snapshot } from '../fixtures.js'
import { expectNoClaimTrace, ownerCommands } from './leaks.js'

const SOUP = { id: 'dfe3157b-b402-4104-a0eb-e54bee1210f0', isbn: '9781611599138', title: 'Chicken Soup for the Soul 20th Anniversary Edition' }
const PYTHON = '9781118891452'
const EMAIL = { ada: 'ada@example.com', ben: 'ben@example.com', cy: 'cy@example.com' } as const
type Person = keyof typeof EMAIL

/**
 * The "Done when", on one server database with a role for each of three
 * people, run with the built binary as each person's own role (and the administrator
 * as the schema's owner): directly, and all of it again through PgBouncer in
 * transaction pooling mode.
 */
for (const via of ['server', 'pgbouncer'] as const) {
  describe(`Ada, Ben and Cy, each as their own PostgreSQL role [${via}]`, function () {
    this.timeout(180_000)
    let db: TestDatabase
    let roles: TestRoles
    let bouncer: PgBouncer | undefined
    let dir = ''

    before(async function () {
      if (!(await serverIsAvailable())) this.skip()
      if (via === 'pgbouncer' && !pgbouncerAvailable()) {
        console.warn('    (skipped: pgbouncer is not installed)')
        this.skip()
      }
      db = await createTestDatabase('server')
      roles = await createRoles(db, ['ada', 'ben', 'cy'], { grant: false })
      if (via === 'pgbouncer') bouncer = await startPgBouncer(Object.values(roles.names))
      dir = await mkdtemp(join(tmpdir(), 'wishlist-roles-'))
    })
    after(async () => {
      await roles?.drop()
      await bouncer?.stop()
      await db?.destroy()
      if (dir) await rm(dir, { recursive: true, force: true })
    })

    const serverUrl = () => (db.target.kind === 'server' ? db.target.url : '')
    const databaseName = () => new URL(serverUrl()).pathname.slice(1)
    /** The administrator's URL (the owner of the schema), through PgBouncer when testing it. */
    const adminUrl = () => bouncer?.url(databaseName()) ?? serverUrl()
    const urlOf = (person: Person) => roles.url(person, adminUrl())
    const admin = (args: string[], stdin?: string) => runBinary(db, args, { env: { DATABASE_URL: adminUrl() }, stdin })
    const as = (person: Person, args: string[], options: { stdin?: string; tty?: boolean } = {}) =>
      runBinary(db, args, { env: { DATABASE_URL: urlOf(person) }, stdin: options.stdin })
    const psql = (person: Person, sql: string) => {
      const result = spawnSync('psql', ['-X', '-v', 'ON_ERROR_STOP=0', '-d', urlOf(person), '-c', sql], { encoding: 'utf8' })
      return `${result.stdout}${result.stderr}`
    }
    let birthday = ''

    it('the administrator links each person to their role (and grants the group role)', async () => {
      expect((await admin(['db', 'seed'])).code).to.equal(0)
      const linked = await admin(['users', 'link', EMAIL.ada, roles.names.ada!, '--json'])
      expect(linked.code, linked.stderr).to.equal(0)
      expect(jsonOf(linked.stdout)).to.include({ email: EMAIL.ada, role: roles.names.ada })
      const ben = await admin(['users', 'add', '--email', EMAIL.ben, '--first-name', 'Ben', '--role', roles.names.ben!])
      expect(ben.code, ben.stderr).to.equal(0)
      expect((await admin(['users', 'add', '--email', EMAIL.cy])).code).to.equal(0)
      expect((await admin(['users', 'link', EMAIL.cy, roles.names.cy!])).code).to.equal(0)
      // One role, one user; a role that does not exist; no linking as a member.
      expect((await admin(['users', 'link', 'octavia@example.com', roles.names.ben!])).code).to.equal(4)
      expect((await admin(['users', 'link', 'octavia@example.com', `${roles.names.ben}_missing`])).code).to.equal(3)
      expect((await as('ben', ['users', 'link', 'octavia@example.com', roles.names.cy!])).code).to.equal(2)
    })

    it('Ada makes "Birthday" and shares it with Ben and Cy; Ben claims a book on it', async () => {
      expect((await as('ada', ['lists', 'create', 'Birthday'])).code).to.equal(0)
      const added = await as('ada', ['add', SOUP.isbn, PYTHON, '-l', 'Birthday'])
      expect(added.code, added.stderr).to.equal(0)
      const shared = await as('ada', ['lists', 'share', 'Birthday', EMAIL.ben, EMAIL.cy])
      expect(shared.code, shared.stderr).to.equal(0)
      birthday = jsonOf((await as('ada', ['lists', '--json'])).stdout).find((list: any) => list.name === 'Birthday').id
      expect(jsonOf((await as('ben', ['lists', '--shared', '--json'])).stdout).map((list: any) => [list.name, list.owner])).to.deep.equal([
        ['Birthday', EMAIL.ada],
      ])
      const claimed = await as('ben', ['claim', SOUP.isbn, '-l', 'Birthday', '--owner', EMAIL.ada, '--note', 'from Ben, wrapped'])
      expect(claimed.code, claimed.stderr).to.equal(0)
    })

    it('Cy sees it claimed by Ben and cannot claim it', async () => {
      const shown = jsonOf((await as('cy', ['show', 'Birthday', '--owner', EMAIL.ada, '--json'])).stdout)
      expect(shown.books.find((book: any) => book.id === SOUP.id).claim).to.include({ email: EMAIL.ben })
      const second = await as('cy', ['claim', SOUP.isbn, '-l', birthday])
      expect(second.code).to.equal(4)
      expect(second.stderr).to.include(`already claimed by ${EMAIL.ben}`)
      expect(psql('cy', 'select count(*) from claims')).to.match(/^\s+1$/m)
    })

    it('Ben and Cy act only as themselves: --user naming anyone else is refused (exit 2)', async () => {
      for (const args of [['--user', EMAIL.ada, 'show'], ['--user', EMAIL.cy, 'claims']]) {
        const refused = await as('ben', args)
        expect(refused.code).to.equal(2)
        expect(refused.stderr).to.include(`is user ${EMAIL.ben}: you cannot act as`)
      }
      expect((await runBinary(db, ['claims', '--json'], { env: { DATABASE_URL: urlOf('ben'), WISHLIST_USER: EMAIL.ada } })).code).to.equal(2)
      expect((await as('ben', ['--user', EMAIL.ben, 'claims', '--json'])).code).to.equal(0)
      // The administrator keeps --user.
      expect((await admin(['--user', EMAIL.ben, 'claims', '--json'])).code).to.equal(0)
    })

    it("Ben cannot change Ada's list by any command or SQL", async () => {
      const before = { ...(await snapshot(db.knex)), shares: await db.knex('wishlist_shares').orderBy('shared_with'), claims: await db.knex('claims') }
      const commands = [
        ['lists', 'rename', birthday, 'Ben was here'],
        ['lists', 'delete', birthday, '--yes'],
        ['lists', 'share', birthday, EMAIL.ben],
        ['lists', 'unshare', birthday],
        ['remove', SOUP.isbn, '-l', birthday],
        ['add', '9780060798680', '-l', birthday],
        ['import', '-', '--format', 'csv', '-l', birthday],
        ['books', 'remove', SOUP.isbn, '--yes'],
        ['users', 'remove', EMAIL.ada, '--yes', '--others', '2'],
      ]
      for (const args of commands) {
        const result = await as('ben', args, { stdin: `isbn\n${PYTHON}\n` })
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.be.oneOf([1, 2, 3])
      }
      const sql = [
        [`update wishlists set name = 'Ben was here' where id = '${birthday}'`, /UPDATE 0/],
        [`update wishlists set public = true`, /UPDATE 0/],
        [`delete from wishlists where id = '${birthday}'`, /DELETE 0/],
        [`delete from wishlist_entries where wishlist_id = '${birthday}'`, /DELETE 0/],
        [`update wishlist_entries set added_at = now() where wishlist_id = '${birthday}'`, /UPDATE 0/],
        // Even the share naming him is Ada's to remove.
        [`delete from wishlist_shares`, /DELETE 0/],
        [`delete from claims where claimer_id <> (select id from users where email = '${EMAIL.ben}')`, /DELETE 0/],
      ] as const
      for (const [statement, expected] of sql) expect(psql('ben', statement), statement).to.match(expected)
      const inserts = [
        `insert into wishlist_entries (wishlist_id, user_id, book_id) select '${birthday}', user_id, '${SOUP.id}' from wishlists where id = '${birthday}'`,
        `insert into wishlist_shares (wishlist_id, user_id, shared_with) select id, user_id, user_id from wishlists where id = '${birthday}'`,
        `update users set email = 'ben-was-here@example.com' where email = '${EMAIL.ada}'`,
        `update users set role = '${roles.names.ben}' where email = '${EMAIL.ada}'`,
      ]
      for (const statement of inserts) expect(psql('ben', statement), statement).to.match(/ERROR|INSERT 0 0|UPDATE 0/)
      const after = { ...(await snapshot(db.knex)), shares: await db.knex('wishlist_shares').orderBy('shared_with'), claims: await db.knex('claims') }
      expect(after).to.deep.equal(before)
    })

    it('Ada sees no trace of the claim in psql as her role', () => {
      expect(psql('ada', 'select count(*) from claims')).to.match(/^\s+0$/m)
      expect(psql('ada', 'select * from claims')).to.match(/\(0 rows\)/)
      // Her lists and entries she sees, as always.
      expect(psql('ada', `select count(*) from wishlist_entries where wishlist_id = '${birthday}'`)).to.match(/^\s+2$/m)
    })

    it('Ada sees no trace of the claim in the interactive mode (a real pseudo-terminal)', async function () {
      requirePty(this)
      const terminal = Terminal.spawn(db, [], { DATABASE_URL: urlOf('ada') })
      try {
        await terminal.waitFor('Switch user (now ada@example.com)')
        terminal.send('Switch list', KEYS.enter)
        await terminal.waitFor('Birthday (')
        terminal.send('Birthday', KEYS.enter)
        await terminal.waitFor('Show "Birthday"')
        terminal.send('Show', KEYS.enter)
        await terminal.waitFor(SOUP.title.slice(0, 20))
        await terminal.waitFor('Switch user (now')
        terminal.send('Quit', KEYS.enter)
        expect(await terminal.exit()).to.equal(0)
        expect(terminal.screen).not.to.include(EMAIL.ben)
        expect(terminal.screen).not.to.include('from Ben')
        expect(terminal.screen).not.to.match(/claim/i)
      } finally {
        terminal.kill()
      }
    })

    it('Ada sees no trace of the claim in any command', async () => {
      const commands = ownerCommands({ list: 'Birthday', claimedIsbn: SOUP.isbn, claimedBookId: SOUP.id, otherIsbn: '9780060798680', dir, sharedWithClaimers: true })
      for (const command of commands.filter((command) => !command.inProcessOnly)) {
        const result = await runBinary(db, command.args, { env: { DATABASE_URL: urlOf('ada') }, stdin: command.options?.stdin })
        await expectNoClaimTrace(command, result, { claimers: [EMAIL.ben, 'Ben'], notes: ['from Ben, wrapped'] })
      }
    })

    it("Ben's `claims` says the book left the list (Ada removed it, then deleted the list)", async () => {
      // The list is gone with its claims (deleted by the last owner command): Ben's
      // claims are empty; the "left the list" step is checked on a fresh list.
      expect(jsonOf((await as('ben', ['claims', '--json'])).stdout)).to.deep.equal([])
      await as('ada', ['lists', 'create', 'Xmas'])
      await as('ada', ['add', SOUP.isbn, '-l', 'Xmas'])
      await as('ada', ['lists', 'share', 'Xmas', '--public'])
      expect((await as('ben', ['claim', SOUP.isbn, '-l', 'Xmas', '--owner', EMAIL.ada])).code).to.equal(0)
      expect((await as('ada', ['remove', SOUP.isbn, '-l', 'Xmas'])).code).to.equal(0)
      const [left] = jsonOf((await as('ben', ['claims', '--json'])).stdout)
      expect(left).to.include({ title: SOUP.title, list: 'Xmas', status: 'left the list' })
    })
  })
}
