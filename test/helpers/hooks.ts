import { removeScratch } from './databases.js'

export const mochaHooks = {
  async afterAll() {
    await removeScratch()
  },
}
