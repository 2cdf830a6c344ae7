// ESLint flat config: type-aware typescript-eslint rules plus the folder dependency rules of
// docs/architecture.md (which folders may import which).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: patterns.map((group) => ({
        group: [group],
        message: 'Breaks the folder dependency rules (docs/architecture.md).',
      })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'console/**',
      'coverage/**',
      '.everynode/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['src/api/**'],
    rules: restrict([
      '**/storage/**',
      '**/apiserver/**',
      '**/client/**',
      '**/controllers/**',
      '**/scheduler/**',
      '**/agent/**',
      '**/cli/**',
    ]),
  },
  {
    files: ['src/storage/**'],
    rules: restrict([
      '**/apiserver/**',
      '**/client/**',
      '**/controllers/**',
      '**/scheduler/**',
      '**/agent/**',
      '**/cli/**',
    ]),
  },
  {
    files: ['src/apiserver/**'],
    rules: restrict([
      '**/client/**',
      '**/controllers/**',
      '**/scheduler/**',
      '**/agent/**',
      '**/cli/**',
    ]),
  },
  {
    files: ['src/client/**'],
    rules: restrict(['**/storage/**', '**/apiserver/**', '**/controllers/**']),
  },
  {
    files: ['src/controllers/**', 'src/scheduler/**', 'src/agent/**'],
    rules: restrict(['**/storage/**', '**/apiserver/**']),
  },
  { files: ['src/bin/**', 'src/cli/**', 'scripts/**', 'bench/**'], rules: { 'no-console': 'off' } },
  {
    files: ['**/*.test.ts', 'test/**', '**/testing/**'],
    rules: {
      // Tests may wire any layers together (in-process servers, clients, controllers).
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'it', 'describe', 'suite'], package: 'node:test' },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  prettier,
);
