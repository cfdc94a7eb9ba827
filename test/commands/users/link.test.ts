import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { ADA, snapshot, withSampleDataAndConfig } from '../fixtures.js'

/** `users link` and `users add --role` (the whole story: test/commands/sharing/roles.test.ts). */
describeEachBackend('wishlist users link', (db) => {
  const { run } = withSampleDataAndConfig(db)

  it('refuses what cannot be linked, with nothing changed', async () => {
    const before = await snapshot(db().knex)
    const cases: [string[], number, RegExp][] =
      db().backend === 'embedded'
        ? [
            [['users', 'link', ADA.email, 'ada'], 2, /The embedded database has no logins: its users are profiles/],
            [['users', 'add', '--email', 'new@example.com', '--role', 'new'], 2, /no logins/],
          ]
        : [
            [['users', 'link', ADA.email, 'wishlist_no_such_role_x'], 3, /There is no PostgreSQL role "wishlist_no_such_role_x"\.\nCreate it first: createuser/],
            // The administrator itself: row-level security would not hold it.
            [['users', 'link', ADA.email, 'postgres'], 2, /is not subject to row-level security/],
            [['users', 'link', ADA.email, 'x'.repeat(64)], 2, /is not a PostgreSQL role name/],
            [['users', 'add', '--email', 'new@example.com', '--role', 'postgres'], 2, /not subject to row-level security/],
            [['users', 'link', 'nobody@example.com', 'postgres'], 3, /No user "nobody@example.com"/],
          ]
    for (const [args, code, message] of cases) {
      const result = await run(args)
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(code)
      expect(result.stderr).to.match(message)
    }
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })
})
