import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { ADA, FRED, GIFT_IDEAS, OCTAVIA, jsonOf, snapshot, withSampleDataAndConfig } from '../fixtures.js'

/** Python for Dummies, on Ada's "Gift ideas" in the sample data (Chicken Soup is not). */
const CHICKEN_SOUP = { id: '04856d91-c951-429c-a405-423300faf499', isbn: '9781118891452', title: 'Python for Dummies' }
const NOT_ON_GIFTS = '9781611599138'

describeEachBackend('claim / unclaim / claims', (db) => {
  const { run } = withSampleDataAndConfig(db)
  const as = (user: { email: string }, args: string[]) => run(['-u', user.email, ...args])
  const claim = (user: { email: string }, ...extra: string[]) =>
    as(user, ['claim', CHICKEN_SOUP.isbn, '-l', 'Gift ideas', '--owner', ADA.email, ...extra])

  beforeEach(async () => {
    const shared = await as(ADA, ['lists', 'share', 'Gift ideas', OCTAVIA.email, FRED.email])
    expect(shared.code, shared.stderr).to.equal(0)
  })

  it('claims a book; a second claimer gets exit 4 naming who holds it', async () => {
    const first = await claim(OCTAVIA, '--note', 'ordered at the bookshop')
    expect(first.code, first.stderr).to.equal(0)
    expect(first.stderr).to.include(`Claimed "${CHICKEN_SOUP.title}"`)
    const before = await snapshot(db().knex)
    const second = await claim(FRED)
    expect(second.code).to.equal(4)
    expect(second.stderr).to.include(`"${CHICKEN_SOUP.title}" is already claimed by ${OCTAVIA.email}.`)
    expect(await snapshot(db().knex)).to.deep.equal(before)
    expect(await db().knex('claims').pluck('claimer_id')).to.deep.equal([OCTAVIA.id])
    // The same claimer again: not an error, and the note is updated.
    const again = await claim(OCTAVIA, '--note', 'wrapped')
    expect(again.code).to.equal(0)
    expect(again.stderr).to.include('You had already claimed')
    expect(await db().knex('claims').pluck('note')).to.deep.equal(['wrapped'])
  })

  it('those who can see the list see which books are claimed and by whom', async () => {
    await claim(OCTAVIA, '--note', 'ordered')
    const shown = jsonOf((await as(FRED, ['show', GIFT_IDEAS, '--json'])).stdout)
    const soup = shown.books.find((book: any) => book.id === CHICKEN_SOUP.id)
    expect(soup.claim).to.deep.include({ user_id: OCTAVIA.id, email: OCTAVIA.email, note: 'ordered' })
    expect(shown.books.filter((book: any) => book.claim === null)).to.have.length(3)
    const plain = await as(FRED, ['show', GIFT_IDEAS])
    const line = plain.stdout.split('\n').find((row) => row.startsWith(CHICKEN_SOUP.id))!
    expect(line.split('\t').at(-1)).to.equal(OCTAVIA.email)
  })

  it('`claims` lists mine: book, list, owner, when, note; `unclaim` takes it back', async () => {
    await claim(OCTAVIA, '--note', 'ordered')
    const mine = jsonOf((await as(OCTAVIA, ['claims', '--json'])).stdout)
    expect(mine).to.have.length(1)
    expect(mine[0]).to.deep.include({
      book_id: CHICKEN_SOUP.id,
      title: CHICKEN_SOUP.title,
      wishlist_id: GIFT_IDEAS,
      list: 'Gift ideas',
      owner_id: ADA.id,
      owner: ADA.email,
      note: 'ordered',
      status: 'held',
    })
    expect(Date.parse(mine[0].claimed_at)).to.be.a('number').and.not.NaN
    const plain = await as(OCTAVIA, ['claims'])
    expect(plain.stdout.split('\t').slice(0, 3)).to.deep.equal([CHICKEN_SOUP.title, 'Gift ideas', ADA.email])
    expect(jsonOf((await as(FRED, ['claims', '--json'])).stdout)).to.deep.equal([])

    const unclaimed = await as(OCTAVIA, ['unclaim', CHICKEN_SOUP.isbn, '-l', 'Gift ideas', '--owner', ADA.email])
    expect(unclaimed.code, unclaimed.stderr).to.equal(0)
    expect(jsonOf((await as(OCTAVIA, ['claims', '--json'])).stdout)).to.deep.equal([])
    expect((await as(OCTAVIA, ['unclaim', CHICKEN_SOUP.isbn, '-l', 'Gift ideas', '--owner', ADA.email])).code).to.equal(3)
    // Now Fred may.
    expect((await claim(FRED)).code).to.equal(0)
  })

  it("when the owner removes a claimed book, the claim goes, and the claimer's `claims` says it left the list", async () => {
    await claim(OCTAVIA)
    const removed = await as(ADA, ['remove', CHICKEN_SOUP.isbn, '-l', 'Gift ideas'])
    expect(removed.code, removed.stderr).to.equal(0)
    const [left] = jsonOf((await as(OCTAVIA, ['claims', '--json'])).stdout)
    expect(left).to.include({ book_id: CHICKEN_SOUP.id, status: 'left the list' })
    const plain = await as(OCTAVIA, ['claims'])
    expect(plain.stdout).to.include('left the list')
    expect(plain.stderr).to.include(`${CHICKEN_SOUP.title} left ${ADA.email}'s list Gift ideas`)
    // Back on the list, it may be claimed again, by anyone.
    const back = await as(ADA, ['add', CHICKEN_SOUP.isbn, '-l', 'Gift ideas'])
    expect(back.code, back.stderr).to.equal(0)
    const again = await claim(FRED)
    expect(again.code, again.stderr).to.equal(0)
    expect((await claim(OCTAVIA)).code).to.equal(4)
  })

  it('refuses a claim on my own list, on a book not on the list, and on a list not shared with me', async () => {
    const before = await snapshot(db().knex)
    const own = await claim(ADA)
    expect(own.code).to.equal(2)
    expect(own.stderr).to.include('is your own list')
    const notOn = await as(OCTAVIA, ['claim', NOT_ON_GIFTS, '-l', 'Gift ideas', '--owner', ADA.email])
    expect(notOn.code).to.equal(3)
    expect(notOn.stderr).to.include('is not on Gift ideas')
    const hidden = await as(OCTAVIA, ['claim', CHICKEN_SOUP.isbn, '-l', 'To read', '--owner', ADA.email])
    expect(hidden.code).to.equal(3)
    const noList = await as(OCTAVIA, ['claim', CHICKEN_SOUP.isbn])
    expect(noList.code).to.equal(2)
    expect(await snapshot(db().knex)).to.deep.equal(before)
    expect(await db().knex('claims').count({ n: '*' })).to.deep.equal([{ n: 0 }])
  })
})
