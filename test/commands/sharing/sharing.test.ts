import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { ADA, FRED, GIFT_IDEAS, OCTAVIA, jsonOf, snapshot, withSampleDataAndConfig } from '../fixtures.js'

/**
 * Sharing on both backends, as the administrator choosing the user with --user (on
 * the embedded database, users are profiles). Row-level security for roles is in
 * test/db/row-level-security.test.ts and roles.test.ts beside this file.
 */
describeEachBackend('lists share / unshare / --shared and --owner', (db) => {
  const { run } = withSampleDataAndConfig(db)
  const as = (user: { email: string }, args: string[]) => run(['-u', user.email, ...args])
  const listsOf = async (user: { email: string }) => jsonOf((await as(user, ['lists', '--json'])).stdout)

  it('shares a list with users; `lists` marks how each list is shared', async () => {
    const shared = await as(ADA, ['lists', 'share', 'Gift ideas', OCTAVIA.email, FRED.email])
    expect(shared.code, shared.stderr).to.equal(0)
    expect(shared.stderr).to.include(`Shared "Gift ideas" with ${OCTAVIA.email}.`)
    const lists = await listsOf(ADA)
    expect(lists.map((list: any) => [list.name, list.visibility, list.shared_with])).to.deep.equal([
      ['To read', 'private', []],
      ['Gift ideas', 'shared', [FRED.email, OCTAVIA.email]],
    ])
    const plain = await as(ADA, ['lists'])
    expect(plain.stdout.split('\n')[0]).to.match(/\tprivate$/)
    expect(plain.stdout.split('\n')[1]).to.include(`${FRED.email}, ${OCTAVIA.email}`)
    // Again: nothing new, said so.
    const again = await as(ADA, ['lists', 'share', 'Gift ideas', OCTAVIA.email])
    expect(again.stderr).to.include('was already shared with')
  })

  it('`lists --shared` shows the lists others share with me, with their owners', async () => {
    await as(ADA, ['lists', 'share', 'Gift ideas', OCTAVIA.email])
    const shared = jsonOf((await as(OCTAVIA, ['lists', '--shared', '--json'])).stdout)
    expect(shared).to.deep.equal([
      {
        id: GIFT_IDEAS,
        name: 'Gift ideas',
        user_id: ADA.id,
        owner: ADA.email,
        book_count: 4,
        visibility: 'shared',
        created_at: shared[0].created_at,
        default: false,
        shared_with: null,
      },
    ])
    expect(jsonOf((await as(FRED, ['lists', '--shared', '--json'])).stdout)).to.deep.equal([])
    const plain = await as(OCTAVIA, ['lists', '--shared'])
    expect(plain.stdout).to.equal(`${GIFT_IDEAS}\tGift ideas\t${ADA.email}\t4\twith you\n`)
  })

  it('public: every user may see the list; unshare --public and unshare alone take it back', async () => {
    await as(ADA, ['lists', 'share', 'To read', '--public'])
    await as(ADA, ['lists', 'share', 'To read', OCTAVIA.email])
    expect(jsonOf((await as(FRED, ['lists', '--shared', '--json'])).stdout).map((list: any) => [list.name, list.visibility])).to.deep.equal([
      ['To read', 'public'],
    ])
    const show = await as(FRED, ['show', 'To read', '--owner', ADA.email, '--json'])
    expect(show.code, show.stderr).to.equal(0)
    expect(jsonOf(show.stdout).books).to.have.length(6)

    const notPublic = await as(ADA, ['lists', 'unshare', 'To read', '--public'])
    expect(notPublic.stderr).to.include('"To read" is no longer public.')
    expect((await as(FRED, ['show', 'To read', '--owner', ADA.email])).code).to.equal(3)
    expect((await as(OCTAVIA, ['show', 'To read', '--owner', ADA.email])).code).to.equal(0)

    const unshared = await as(ADA, ['lists', 'unshare', 'To read', OCTAVIA.email])
    expect(unshared.stderr).to.include(`"To read" is no longer shared with ${OCTAVIA.email}.`)
    expect((await as(OCTAVIA, ['show', 'To read', '--owner', ADA.email])).code).to.equal(3)

    await as(ADA, ['lists', 'share', 'To read', OCTAVIA.email, FRED.email, '--public'])
    const private_ = await as(ADA, ['lists', 'unshare', 'To read'])
    expect(private_.stderr).to.include('"To read" is private now (no longer shared with 2 users).')
    expect((await listsOf(ADA))[0]).to.include({ visibility: 'private' })
    expect(await db().knex('wishlist_shares').count({ n: '*' })).to.deep.equal([{ n: 0 }])
  })

  it("another user's list is named by its id, or by its name with --owner, in show and export", async () => {
    await as(ADA, ['lists', 'share', 'Gift ideas', OCTAVIA.email])
    const byId = jsonOf((await as(OCTAVIA, ['show', GIFT_IDEAS, '--json'])).stdout)
    expect(byId).to.include({ wishlist_id: GIFT_IDEAS, name: 'Gift ideas', user_id: ADA.id })
    expect(byId.owner).to.deep.equal({ id: ADA.id, email: ADA.email })
    const byName = jsonOf((await as(OCTAVIA, ['show', 'gift IDEAS', '--owner', ADA.email, '--json'])).stdout)
    expect(byName.books.map((book: any) => book.id)).to.deep.equal(byId.books.map((book: any) => book.id))
    const exported = await as(OCTAVIA, ['export', 'Gift ideas', '--owner', ADA.email, '--format', 'json'])
    expect(exported.code, exported.stderr).to.equal(0)
    expect(jsonOf(exported.stdout).books).to.have.length(4)
    // Not shared with Fred: not found, as a list that does not exist, by name or id.
    for (const args of [['show', GIFT_IDEAS], ['show', 'Gift ideas', '--owner', ADA.email], ['export', GIFT_IDEAS]]) {
      const hidden = await as(FRED, args)
      expect(hidden.code, args.join(' ')).to.equal(3)
      expect(hidden.stdout).to.equal('')
    }
    // A name without --owner is one of mine.
    const mine = await as(OCTAVIA, ['show', 'Gift ideas'])
    expect(mine.code).to.equal(3)
    // --owner without a list.
    expect((await as(OCTAVIA, ['show', '--owner', ADA.email])).code).to.equal(2)
  })

  it('only its owner changes a list: every command on a shared list refuses, and nothing changes', async () => {
    await as(ADA, ['lists', 'share', 'Gift ideas', OCTAVIA.email, '--public'])
    const before = await snapshot(db().knex)
    const shares = await db().knex('wishlist_shares').orderBy('shared_with')
    const attempts = [
      ['lists', 'rename', GIFT_IDEAS, 'Mine now'],
      ['lists', 'delete', GIFT_IDEAS, '--yes'],
      ['lists', 'share', GIFT_IDEAS, FRED.email],
      ['lists', 'unshare', GIFT_IDEAS],
      ['remove', '9781611599138', '-l', GIFT_IDEAS],
      ['add', '9781118891452', '-l', GIFT_IDEAS],
      ['import', '-', '-l', GIFT_IDEAS],
    ]
    for (const args of attempts) {
      const result = await run(['-u', OCTAVIA.email, ...args], { stdin: 'isbn\n9781118891452\n' })
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.be.oneOf([2, 3])
    }
    expect(await snapshot(db().knex)).to.deep.equal(before)
    expect(await db().knex('wishlist_shares').orderBy('shared_with')).to.deep.equal(shares)
  })

  it('refuses what makes no sense, with the right exit code and nothing changed', async () => {
    const before = await snapshot(db().knex)
    const cases: [string[], number, RegExp][] = [
      [['lists', 'share', 'Gift ideas'], 2, /Name the users/],
      [['lists', 'share', 'Gift ideas', ADA.email], 2, /your own list/],
      [['lists', 'share', 'Gift ideas', 'nobody@example.com'], 3, /No user "nobody@example.com"/],
      [['lists', 'share', 'No such list', OCTAVIA.email], 3, /No list/],
    ]
    for (const [args, code, message] of cases) {
      const result = await as(ADA, args)
      expect(result.code, args.join(' ')).to.equal(code)
      expect(result.stderr).to.match(message)
    }
    expect(await snapshot(db().knex)).to.deep.equal(before)
    expect(await db().knex('wishlist_shares').count({ n: '*' })).to.deep.equal([{ n: 0 }])
  })
})
