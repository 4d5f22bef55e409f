import js from '@eslint/js';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import tseslint from 'typescript-eslint';
import { noTypeImportCycles } from './eslint-rules/noTypeImportCycles.js';

const projectRoot = import.meta.dirname;

// The mock server's parts depend one way: transport -> backend -> assistant. The entry
// points at the top of mock-server/ (cli.ts, cliArgs.ts, vitePlugin.ts) may use any part.
const mockServerParts = {
  transport: ['./transport', './backend', './assistant'],
  backend: ['./backend', './assistant'],
  assistant: ['./assistant'],
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2023, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, 'react-refresh': reactRefresh },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Module boundaries, checked on resolved files so that no spelling of a path slips by.
    files: ['src/**/*.{ts,tsx}'],
    plugins: {
      'import-x': importX,
      local: { rules: { 'no-type-import-cycles': noTypeImportCycles } },
    },
    settings: {
      // Our imports are extensionless relative paths to .ts/.tsx files.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] }),
      ],
    },
    rules: {
      // No import cycles, not even through types: import-x/no-cycle skips type-only imports,
      // so local/no-type-import-cycles reports the cycles they close.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'local/no-type-import-cycles': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: projectRoot,
          zones: [
            {
              target: ['src/!(mock-server)/**', 'src/*.{ts,tsx}'],
              from: 'src/mock-server',
              message:
                'The app never imports the mock server (Node only); it talks to it over /ws.',
            },
            {
              target: 'src/mock-server',
              from: 'src',
              except: ['./protocol', './mock-server'],
              message: 'The mock server shares only src/protocol/ with the client.',
            },
            ...Object.entries(mockServerParts).map(([part, allowed]) => ({
              target: `src/mock-server/${part}`,
              from: 'src/mock-server',
              except: allowed,
              message: `mock-server/${part}/ may import only ${allowed.map((p) => `${p.slice(2)}/`).join(', ')} (transport -> backend -> assistant).`,
            })),
          ],
        },
      ],
    },
  },
  {
    // The layers import one way: protocol <- services <- store <- components <- app.
    files: ['src/protocol/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../*', 'react', 'react-dom'] }] },
  },
  {
    files: ['src/services/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', '@mui/*', '../store/*', '../components/*', '../app/*'] },
      ],
    },
  },
  {
    // The chat engine is plain TypeScript: the store binds it to zustand, components to React.
    files: ['src/store/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'zustand', '@mui/*', '@emotion/*'],
              message: 'src/store/engine/ is React-, zustand- and MUI-free.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/components/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/services/*', '**/app/*'] }],
    },
  },
);
