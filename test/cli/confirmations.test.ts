import { expect } from 'chai'
import { describeEachBackend } from '../helpers/databases.js'
import { fakePrompter } from '../helpers/fake-prompter.js'
import { runBinary } from '../helpers/run.js'
import { ADA, GIFT_IDEAS, OCTAVIA, PYTHON_FOR_DUMMIES, TO_READ, jsonOf, snapshot, withSampleDataAndConfig } from '../commands/fixtures.js'

// Issue 17 item 7: declining is not Ctrl-C, -y is --yes, the default list and the
// current user are marked, whoami.
describeEachBackend('confirmations, marks and whoami', (db) => {
  const { run } = withSampleDataAndConfig(db)
  const count = async (table: string) => Number((await db().knex(table).count({ n: '*' }))[0]!.n)

  it('declining `db reset` prints a plain line and exits 1 (130 stays for Ctrl-C), deleting nothing', async () => {
    const before = await snapshot(db().knex)
    const prompter = fakePrompter({ confirm: [false] })
    const result = await run(['db', 'reset'], { tty: true, prompter })
    expect(result).to.include({ code: 1, stdout: '', stderr: 'Nothing was deleted.\n' })
    expect(prompter.asked).to.have.length(1)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('takes -y for --yes on every command that has --yes', async () => {
    expect((await run(['-u', ADA.email, 'lists', 'delete', 'Gift ideas', '-y'])).code).to.equal(0)
    expect(await db().knex('wishlists').where({ id: GIFT_IDEAS })).to.deep.equal([])
    expect((await run(['-u', OCTAVIA.email, 'users', 'remove', OCTAVIA.email, '-y'])).code).to.equal(0)
    expect(await db().knex('users').where({ id: OCTAVIA.id })).to.deep.equal([])
    const book = await run(['-u', ADA.email, 'books', 'remove', PYTHON_FOR_DUMMIES.isbn, '-y', '--others', '0'])
    expect(book.code, book.stderr).to.equal(0)
    expect(await db().knex('books').where({ id: PYTHON_FOR_DUMMIES.id })).to.deep.equal([])
    const reset = await runBinary(db(), ['db', 'reset', '-y'])
    expect(reset.code, reset.stderr).to.equal(0)
    expect(await count('books')).to.equal(0)
    const rollback = await runBinary(db(), ['db', 'rollback', '--all', '-y', '--json'])
    expect(rollback.code, rollback.stderr).to.equal(0)
    expect(jsonOf(rollback.stdout).rolled_back.length).to.be.greaterThan(0)
    expect((await runBinary(db(), ['db', 'migrate'])).code).to.equal(0)
  })

  it('`lists` marks the default list: "(default)" in a table, "default" in JSON, plain lines unchanged', async () => {
    const table = await run(['-u', ADA.email, 'lists'], { tty: true })
    const lines = table.stdout.split('\n')
    expect(lines.find((line) => line.includes('To read'))).to.include('To read (default)')
    expect(lines.find((line) => line.includes('Gift ideas'))).not.to.include('(default)')
    const json = jsonOf((await run(['-u', ADA.email, 'lists', '--json'])).stdout)
    expect(json.map((list: any) => [list.id, list.default])).to.deep.equal([
      [TO_READ, true],
      [GIFT_IDEAS, false],
    ])
    expect(Object.keys(json[0])).to.deep.equal(['id', 'name', 'user_id', 'book_count', 'created_at', 'default', 'visibility', 'shared_with', 'owner'])
    const plain = await run(['-u', ADA.email, 'lists'])
    expect(plain.stdout).not.to.include('default')
    expect(plain.stdout.trimEnd().split('\n').map((line) => line.split('\t').length)).to.deep.equal([5, 5])
  })

  it('`users` marks the current user: "(you)" in a table, "current" in JSON; none when no user is chosen', async () => {
    const table = await run(['-u', OCTAVIA.email, 'users'], { tty: true })
    expect(table.stdout).to.include('octavia@example.com (you)')
    expect(table.stdout.match(/\(you\)/g)).to.have.length(1)
    const json = jsonOf((await run(['-u', OCTAVIA.email, 'users', '--json'])).stdout)
    expect(json.filter((user: any) => user.current).map((user: any) => user.email)).to.deep.equal([OCTAVIA.email])
    expect(Object.keys(json[0])).to.deep.equal(['id', 'email', 'first_name', 'last_name', 'role', 'current'])
    const nobody = jsonOf((await run(['users', '--json'])).stdout)
    expect(nobody.map((user: any) => user.current)).to.deep.equal([false, false, false])
    expect((await run(['users'], { tty: true })).stdout).not.to.include('(you)')
  })

  it('`whoami` prints the current user, as a line, a table or JSON; exit 2 naming --user when none is chosen', async () => {
    const plain = await run(['-u', ADA.email, 'whoami'])
    expect(plain).to.include({ code: 0, stdout: `${ADA.id}\tada@example.com\tAda\tLovelace\n` })
    expect(jsonOf((await run(['-u', ADA.id, 'whoami', '--json'])).stdout)).to.deep.equal({
      id: ADA.id,
      email: ADA.email,
      first_name: 'Ada',
      last_name: 'Lovelace',
      role: null,
    })
    expect((await run(['-u', ADA.email, 'whoami'], { tty: true })).stdout).to.include('ada@example.com')
    expect((await run(['users', 'use', OCTAVIA.email])).code).to.equal(0)
    expect((await run(['whoami', '--json', 'email'])).stdout).to.equal('{\n  "email": "octavia@example.com"\n}\n')
    const none = await runBinary(db(), ['whoami'])
    expect(none.code).to.equal(2)
    expect(none.stderr).to.include('--user')
  })
})
