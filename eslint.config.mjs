import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'bundled/**', 'node_modules/**', '.venv/**'] },
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({
    ...config,
    files: ['client/**/*.ts', 'tests/client/**/*.ts'],
  })),
  {
    files: ['client/**/*.ts', 'tests/client/**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      'eqeqeq': 'error',
      'curly': 'error',
    },
  },
  {
    // node:test's describe/it return promises the runner awaits itself.
    files: ['tests/client/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
);
