import { expect } from 'chai'
import { NotFoundError } from '../../src/errors.js'
import { findBookById, removeBook } from '../../src/store/books.js'
import { addEntries } from '../../src/store/entries.js'
import { importBooks } from '../../src/store/imports.js'
import { getUser, removeUser } from '../../src/store/users.js'
import { createList, deleteList, ensureDefaultList, ensureList, findList, renameList } from '../../src/store/wishlists.js'
import { seedSampleData } from '../../seeds/data/sample-data.js'
import { describeEachBackend } from '../helpers/databases.js'
import { ADA, PYTHON_FOR_DUMMIES, TO_READ, snapshot } from '../commands/fixtures.js'
import { describeError } from '../../src/output/error-messages.js'

/**
 * The stores called with a list, book or user that another command deleted after it
 * was looked up: the window of a race, made deterministic. Each is a NotFoundError
 * (exit 3) that changes nothing, never raw SQL or a TypeError.
 */
describeEachBackend('stores given rows that were deleted meanwhile', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const toRead = async () => (await findList(db().knex, ADA.id, TO_READ))!

  async function expectNotFound(action: Promise<unknown>, message: RegExp) {
    const error = await action.then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).to.be.instanceOf(NotFoundError)
    expect(describeError(error).message).to.match(message)
  }

  it('addEntries: a deleted list is "no longer exists", and nothing is added', async () => {
    const list = await toRead()
    const other = (await findList(db().knex, ADA.id, 'Gift ideas'))!
    await db().knex('wishlists').where({ id: list.id }).del()
    const before = await snapshot(db().knex)
    await expectNotFound(
      addEntries(db().knex, [
        { list: other, bookId: PYTHON_FOR_DUMMIES.id },
        { list, bookId: PYTHON_FOR_DUMMIES.id },
      ]),
      /^The list "To read" no longer exists/,
    )
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('addEntries: a deleted book is not found', async () => {
    const list = await toRead()
    await db().knex('books').where({ id: PYTHON_FOR_DUMMIES.id }).del()
    await expectNotFound(addEntries(db().knex, [{ list, bookId: PYTHON_FOR_DUMMIES.id }]), /book was deleted/)
  })

  it('renameList and deleteList: a deleted list is not found', async () => {
    const list = await toRead()
    await db().knex('wishlists').where({ id: list.id }).del()
    await expectNotFound(renameList(db().knex, list, 'Renamed'), /^The list "To read" no longer exists/)
    await expectNotFound(deleteList(db().knex, list), /^The list "To read" no longer exists/)
  })

  it('createList, ensureList, ensureDefaultList: a deleted user is not found', async () => {
    await db().knex('users').where({ id: ADA.id }).del()
    await expectNotFound(createList(db().knex, ADA.id, 'New'), /user no longer exists/)
    await expectNotFound(ensureList(db().knex, ADA.id, 'New'), /user no longer exists/)
    await expectNotFound(ensureDefaultList(db().knex, ADA.id), /user no longer exists/)
  })

  it('importBooks: a list deleted after the import found it is not found, and nothing is added', async () => {
    const list = await toRead()
    await db().knex('wishlists').where({ id: list.id }).del()
    const before = await snapshot(db().knex)
    async function* batches() {
      yield [{ line: 2, title: 'Imported meanwhile', author: null, isbn: null, publicationDate: null, addedAt: null }]
    }
    await expectNotFound(
      db().knex.transaction((trx) => importBooks(trx, list, batches())),
      /^The list "To read" no longer exists/,
    )
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('removeBook and removeUser: a book or user deleted meanwhile is not found', async () => {
    const book = (await findBookById(db().knex, PYTHON_FOR_DUMMIES.id))!
    const user = await getUser(db().knex, ADA.id)
    await db().knex('books').where({ id: book.id }).del()
    await db().knex('users').where({ id: user.id }).del()
    await expectNotFound(removeBook(db().knex, book), /no longer in the catalogue/)
    await expectNotFound(removeUser(db().knex, user), /no longer exists/)
  })
})
