import { expect } from 'chai'
import { describeEachBackend } from '../helpers/databases.js'
import { fakePrompter } from '../helpers/fake-prompter.js'
import { runInProcess } from '../helpers/run.js'

describeEachBackend('who "I" am', (db) => {
  beforeEach(() => db().truncate())

  it('on an empty database, says to add a user (exit 2), then acts as the only user', async () => {
    const none = await runInProcess(db(), ['lists'])
    expect(none.code).to.equal(2)
    expect(none.stderr).to.match(/no users yet.*\n.*wishlist users add --email/)
    await db().knex('users').insert({ email: 'only@example.com' })
    const only = await runInProcess(db(), ['lists', 'create', 'Mine', '--json'])
    expect(only.code, only.stderr).to.equal(0)
    const [user] = await db().knex('users').select('id')
    expect(JSON.parse(only.stdout).user_id).to.equal(user.id)
  })

  it('with several users and none chosen, names --user (exit 2)', async () => {
    await db().knex('users').insert([{ email: 'a@example.com' }, { email: 'b@example.com' }])
    const result = await runInProcess(db(), ['lists'])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.match(/No user chosen: pass --user USER/)
  })
})

describeEachBackend('wishlist with no command', (db) => {
  before(async () => {
    await db().truncate()
    await db().knex('users').insert({ email: 'ada@example.com' })
  })

  it('prints the help when not on a terminal, with or without global options', async () => {
    for (const args of [[], ['-u', 'ada@example.com'], ['--no-color', '-q']]) {
      const result = await runInProcess(db(), args)
      expect(result.code, args.join(' ')).to.equal(0)
      expect(result.stdout).to.match(/^Usage: wishlist/)
    }
  })

  it('starts the interactive mode on a terminal, acting as --user', async () => {
    const prompter = fakePrompter({ select: ['quit'] })
    const result = await runInProcess(db(), ['-u', 'ada@example.com'], { tty: true, prompter })
    expect(result.code, result.stderr).to.equal(0)
    expect(prompter.asked[0]).to.include('ada@example.com')
  })

  it('still reports an unknown command (exit 2)', async () => {
    const result = await runInProcess(db(), ['-u', 'ada@example.com', 'bogus'])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include("unknown command 'bogus'")
  })
})
