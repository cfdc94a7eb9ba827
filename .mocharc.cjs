// Tests are TypeScript, run through tsx. Mocha would require() them (Node 20.19 can
// require ES modules), which makes tsx load each source file as CommonJS, while the
// commands' own `import()` of their handlers loads the same files again as ES modules:
// two copies of every class, and `instanceof` failing between them. Turning
// require(esm) off makes mocha import() the tests, so everything is one ES module graph.
module.exports = {
  'node-option': ['import=tsx', 'no-experimental-require-module'],
  require: ['test/helpers/hooks.ts'],
  timeout: 60000,
  slow: 2000,
  reporter: 'spec',
}
