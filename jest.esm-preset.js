// Nest 12 and a few of its dependencies are published as ES modules only. The built relay loads
// them through Node's require(esm), but Jest's own module loader can do that only on Node 24.9+:
// on Node 20 and 22 it needs them compiled to CommonJS. @swc/jest does that (import.meta.url and
// dynamic import() included); ts-jest keeps compiling our TypeScript. A test that fails with
// "Must use import to load ES Module: node_modules/<pkg>/..." names a package to add here.
const ESM_PACKAGES = [
  '@nestjs',
  'jose', // of jwks-rsa 4
  'cookie', // of light-my-request, Fastify's inject()
  'content-disposition', // of @fastify/static
  'path-to-regexp', // 9, of @fastify/middie (the 8 of Nest is CommonJS, left as it is)
];

/** A Jest preset: both configs (jest.config.js, test/jest-e2e.json) name it as `preset`. */
module.exports = {
  transform: {
    '^.+/node_modules/.+\\.js$': [
      '@swc/jest',
      {
        swcrc: false,
        // A file without import/export stays a script: CommonJS passes through unchanged.
        isModule: 'unknown',
        jsc: { target: 'es2023', parser: { syntax: 'ecmascript' } },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Decided by the innermost node_modules of a path, so that a nested copy is named by its own
  // name (node_modules/@fastify/middie/node_modules/path-to-regexp is path-to-regexp).
  transformIgnorePatterns: [`/node_modules/(?!(?:${ESM_PACKAGES.join('|')})/)(?!.*/node_modules/)`],
};
