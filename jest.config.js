// Unit tests: *.spec.ts beside the code in apps/ and libs/.
/** @type {import('jest').Config} */
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  roots: ['<rootDir>/apps/', '<rootDir>/libs/'],
  testRegex: '.*\\.spec\\.ts$',
  // ES-module-only dependencies (Nest 12) compiled for Jest: see jest.esm-preset.js.
  preset: './jest.esm-preset.js',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  moduleNameMapper: {
    '^@app/(auth|otx|ctim)(|/.*)$': '<rootDir>/libs/$1/src$2',
  },
  collectCoverageFrom: ['{apps,libs}/**/*.ts', '!**/*.spec.ts', '!**/main.ts'],
};
