// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const DEEP_LIB_IMPORT = {
  regex: '^@app/[^/]+/.+',
  message: "Import a lib through its index ('@app/<lib>'), not its files.",
};
// The relay and its libs enter no AsyncLocalStorage: once entered, Node keeps promise hooks
// running for every promise of every request (about a sixth of a /refer answer's CPU). A
// request's facts (its id for log lines, its OTX calls) are passed explicitly (contract §13.1).
// In each no-restricted-imports block that covers them: a later block replaces the rule.
const NO_ASYNC_HOOKS = ['node:async_hooks', 'async_hooks'].map((name) => ({
  name,
  message:
    'No AsyncLocalStorage (nor other async hooks) in the relay or its libs: its promise hooks ' +
    "run for every promise of every request. Pass the request's facts explicitly " +
    '(docs/contract.md §13.1).',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '*.js', '*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Boundaries (README "Development"): each lib is used through its index only, libs never reach
  // into apps nor into each other (but the pure @app/ctim), and libs/ctim stays pure (no Nest,
  // no other lib of ours).
  {
    files: ['**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_LIB_IMPORT] }] },
  },
  {
    files: ['apps/relay/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: NO_ASYNC_HOOKS, patterns: [DEEP_LIB_IMPORT] }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NO_ASYNC_HOOKS,
          patterns: [
            {
              regex: '^@app/(?!ctim$)',
              message: 'A lib imports no lib of ours but the pure @app/ctim (README "Development").',
            },
            { regex: '(^|/)apps/', message: 'A lib never imports from an app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/ctim/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NO_ASYNC_HOOKS,
          patterns: [
            { regex: '^@app/', message: 'libs/ctim depends on nothing of ours.' },
            { regex: '(^|/)apps/', message: 'A lib never imports from an app.' },
            { regex: '^@nestjs/', message: 'libs/ctim is pure: usable without Nest.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
