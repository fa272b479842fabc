// One jest run: unit specs beside the code (src/.../*.spec.ts) and e2e stories (test/.../*.e2e-spec.ts).
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  testRegex: ['src/.*\\.spec\\.ts$', 'test/.*\\.e2e-spec\\.ts$'],
  transform: { "^.+\\.ts$": "ts-jest" },
  setupFiles: ['<rootDir>/test/setup.ts'],
  testEnvironment: 'node',
  maxWorkers: 2,
  testTimeout: 60000,
};
