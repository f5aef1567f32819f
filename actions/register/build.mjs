// Bundles the Action into one ESM file, dist/index.js, that runs with node alone (no node_modules).
// Workspace packages are bundled from their TypeScript sources (the `source` export condition).
// The banner gives bundled CommonJS dependencies a `require` (without it they fail on `require("net")`).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** esbuild options of the committed bundle; the bundle test builds with the same options. */
export const options = {
  absWorkingDir: here,
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['source'],
  outfile: 'dist/index.js',
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build(options);
}
