import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, OCTAVIA, TO_READ, jsonOf, withSampleDataAndConfig } from '../fixtures.js'

describeEachBackend('wishlist users use', (db) => {
  const { configHome, savedConfig, run } = withSampleDataAndConfig(db)

  it('saves the user’s id as the default, and later commands act as them', async () => {
    const before = await run(['lists'])
    expect(before.code).to.equal(2) // three users and none chosen
    const result = await run(['users', 'use', 'ADA@example.com'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.include('Ada Lovelace <ada@example.com>')
    expect(await savedConfig()).to.deep.equal({ defaultUser: ADA.id })
    const lists = await run(['lists', '--json'])
    expect(lists.code).to.equal(0)
    expect(jsonOf(lists.stdout).map((list: { user_id: string }) => list.user_id)).to.deep.equal([ADA.id, ADA.id])
    const created = await run(['lists', 'create', 'Saved default', '--json'])
    expect(jsonOf(created.stdout).user_id).to.equal(ADA.id)
  })

  it('is overridden by --user and WISHLIST_USER', async () => {
    await run(['users', 'use', ADA.email])
    const flag = await run(['-u', OCTAVIA.email, 'lists', '--json'])
    expect(jsonOf(flag.stdout).map((list: { user_id: string }) => list.user_id)).to.deep.equal([OCTAVIA.id])
    const env = await runInProcess(db(), ['lists', '--json'], { env: { XDG_CONFIG_HOME: configHome(), WISHLIST_USER: OCTAVIA.id } })
    expect(jsonOf(env.stdout).map((list: { user_id: string }) => list.user_id)).to.deep.equal([OCTAVIA.id])
  })

  it('prints the user as JSON', async () => {
    const result = await run(['users', 'use', ADA.id, '--json'])
    expect(jsonOf(result.stdout)).to.deep.equal({ id: ADA.id, email: ADA.email, first_name: 'Ada', last_name: 'Lovelace' })
  })

  it('exits 3 with a "did you mean" for an unknown user, and keeps the saved default', async () => {
    await run(['users', 'use', ADA.email])
    const result = await run(['users', 'use', 'octavia@exmple.com'])
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('Did you mean "octavia@example.com"?')
    expect(await savedConfig()).to.deep.equal({ defaultUser: ADA.id })
  })

  it('works through the built binary: `users use`, then `lists` as that user', async () => {
    const env = { XDG_CONFIG_HOME: configHome() }
    expect((await runBinary(db(), ['users', 'use', ADA.email], { env })).code).to.equal(0)
    const lists = await runBinary(db(), ['lists'], { env })
    expect(lists.code).to.equal(0)
    expect(lists.stdout).to.include(`${TO_READ}\tTo read\t6\t`)
  })
})
