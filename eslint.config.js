// Why: the layer boundaries of the design are enforced here, not remembered. Each folder gets one
// `no-restricted-imports` block listing what it may never import (flat config replaces a rule's
// options per matching block, so every block carries its full list; blocks are ordered from the
// general folder to the specific one, and the most specific one wins). Machine-checked invariants
// beside them: no import cycles anywhere (type-only imports included), and the rules of hooks.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import { periscopePlugin } from './scripts/lint/noImportCycle.ts'

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'http',
  'https',
  'http2',
  'net',
  'tls',
  'crypto',
  'child_process',
  'stream',
  'stream/*',
  'events',
  'url',
  'util',
  'zlib',
  'worker_threads',
  'buffer'
]
const rule = (groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((g) => (Array.isArray(g) ? { group: g[0], message: g[1] } : g)) }]
})
// The renderer's own api/ and live/ folders, by relative path: a glob like `**/api/**` would also
// match src/shared/api (the wire contract every layer may import).
const RENDERER_API = '^(\\.\\./)+api/'
const RENDERER_LIVE = '^(\\.\\./)+live/'
const NO_ELECTRON = [['electron'], 'only src/main/app/* may import electron']
const NO_RENDERER = [['**/renderer/**'], 'main and preload never import the renderer']
const NO_APP = [['**/main/app/**', '**/app/*'], 'only the composition root imports src/main/app']
const NO_SIM = [
  ['@periscope/kube-sim', '@periscope/kube-sim/*', '**/packages/kube-sim/**'],
  'the product only starts the simulator: import it in the startup files (src/main/app/backend.ts, src/main/cli/serve.ts), bench, scripts and tests'
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off'
    }
  },
  // No import cycles, in every source file (scripts/lint/noImportCycle.ts says why our own rule).
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { periscope: periscopePlugin },
    rules: { 'periscope/no-import-cycle': 'error' }
  },
  // The rules of hooks, and effect/memo dependencies that match what the callback reads.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' }
  },
  // src/shared: platform-free. No Node, no Electron, no DOM libraries, no higher layer.
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: rule([
      [NODE_BUILTINS, 'src/shared is platform-free: no Node built-ins'],
      [['electron', 'react', 'react-dom', 'zustand', '@kubernetes/client-node', '@tanstack/*'], 'src/shared is platform-free'],
      [['**/main/**', '**/renderer/**', '**/preload/**'], 'src/shared never imports a higher layer'],
      NO_SIM
    ])
  },
  // src/main: everything but src/main/app is Electron-free.
  { files: ['src/main/**/*.ts'], rules: rule([NO_ELECTRON, NO_RENDERER, NO_APP, NO_SIM]) },
  // The watch engine never imports the server, the limiter, or http itself.
  {
    files: ['src/main/watch/**/*.ts'],
    rules: rule([
      NO_ELECTRON,
      NO_RENDERER,
      NO_APP,
      [['**/server/**', '**/limiter/**'], 'the watch engine never imports the server or the limiter'],
      NO_SIM,
      [['node:http', 'node:https', 'node:http2', 'http', 'https', 'http2'], 'the watch engine talks to the apiserver through its source, not raw http']
    ])
  },
  // The simulated apiserver is a package of its own (packages/kube-sim): it knows only src/shared
  // and Node, never the product it is the demo cluster and test fixture of.
  {
    files: ['packages/kube-sim/**/*.ts'],
    rules: rule([
      NO_ELECTRON,
      [['**/src/main/**', '**/src/renderer/**', '**/src/preload/**', '**/test/**', '**/bench/**'], 'the simulator depends only on src/shared and Node'],
      [['@kubernetes/client-node'], 'the simulator must not share code with the client it is checked by']
    ])
  },
  { files: ['src/main/server/**/*.ts'], rules: rule([NO_ELECTRON, NO_RENDERER, NO_APP, NO_SIM]) },
  // The two startup files start the demo cluster.
  { files: ['src/main/cli/serve.ts'], rules: rule([NO_ELECTRON, NO_RENDERER, NO_APP]) },
  // Only src/main/app and the composition root (src/main/index.ts) may import electron.
  { files: ['src/main/app/**/*.ts', 'src/main/index.ts'], rules: rule([NO_RENDERER, NO_SIM]) },
  { files: ['src/main/app/backend.ts'], rules: rule([NO_RENDERER]) },
  // Preload: sandboxed, bundled to one file: electron plus type-only imports from shared.
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      ...rule([[['**/main/**', '**/renderer/**'], 'preload may only import electron and shared types']]),
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/shared/**'], allowTypeImports: true, message: 'preload imports only types from shared' }]
        }
      ]
    }
  },
  // Renderer: api -> (live, stores) -> hooks -> views, browser globals, no Node.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: rule([
      [NODE_BUILTINS, 'the renderer has no Node'],
      NO_ELECTRON,
      NO_SIM,
      [['**/main/**', '**/preload/**'], 'the renderer reaches main only over HTTP and the bridge']
    ])
  },
  {
    files: ['src/renderer/src/api/**/*.ts'],
    rules: rule([
      [NODE_BUILTINS, 'the renderer has no Node'],
      NO_ELECTRON,
      [
        ['react', 'react-dom', 'zustand', '**/stores/**', '**/hooks/**', '**/views/**', '**/components/**'],
        'api is the lowest renderer layer: no React, no stores'
      ],
      { regex: RENDERER_LIVE, message: 'api is the lowest renderer layer: the live core sits on it' }
    ])
  },
  // live/: the React-free core of a live view (stream lifecycle, retry, fallback to polling,
  // health). It sits on api (beside stores, below hooks): it may use api and shared, never React,
  // zustand, the stores (hooks hand it a sink) or anything above.
  {
    files: ['src/renderer/src/live/**/*.ts'],
    rules: rule([
      [NODE_BUILTINS, 'the renderer has no Node'],
      NO_ELECTRON,
      [
        ['react', 'react-dom', 'zustand', 'zustand/*', '**/stores/**', '**/hooks/**', '**/views/**', '**/components/**'],
        'live/ is React-free and store-free: it may import only api and shared'
      ]
    ])
  },
  {
    files: ['src/renderer/src/stores/**/*.ts'],
    rules: rule([
      [NODE_BUILTINS, 'the renderer has no Node'],
      NO_ELECTRON,
      [['react-dom', '**/hooks/**', '**/views/**', '**/components/**'], 'stores import only shared (hooks glue api to stores)'],
      { regex: `${RENDERER_API}|${RENDERER_LIVE}`, message: 'stores import only shared (hooks glue api and the live core to stores)' }
    ])
  },
  {
    files: ['src/renderer/src/hooks/**/*.ts'],
    rules: rule([[NODE_BUILTINS, 'the renderer has no Node'], NO_ELECTRON, [['**/views/**', '**/components/**'], 'hooks never import views']])
  },
  {
    files: ['src/renderer/src/views/**/*.{ts,tsx}', 'src/renderer/src/components/**/*.{ts,tsx}'],
    rules: rule([
      [NODE_BUILTINS, 'the renderer has no Node'],
      NO_ELECTRON,
      { regex: `${RENDERER_API}|${RENDERER_LIVE}`, message: 'views reach data through hooks and stores, never the api (or the live core) directly' }
    ])
  },
  // Tests may mock electron and use anything.
  { files: ['**/*.test.ts', '**/*.test.tsx', 'test/**/*.ts'], rules: { 'no-restricted-imports': 'off' } }
)
