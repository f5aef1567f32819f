// Generates src/generated/*.ts from the JSON Schemas in /schemas. Run `pnpm gen`; CI fails on drift.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const schemaDir = path.resolve(here, '../../../schemas');
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.resolve(here, '../src/generated');
fs.mkdirSync(outDir, { recursive: true });

const banner = '/* eslint-disable */\n/** Generated from schemas/*.schema.json by `pnpm gen`. Do not edit by hand. */';
const card = JSON.parse(fs.readFileSync(path.join(schemaDir, 'model-card.schema.json'), 'utf8'));
const fingerprint = JSON.parse(fs.readFileSync(path.join(schemaDir, 'fingerprint.schema.json'), 'utf8'));
const opts = { bannerComment: banner, cwd: schemaDir, additionalProperties: false, unreachableDefinitions: true, format: true, style: { singleQuote: true } };

const fpTs = await compile(fingerprint, 'Fingerprint', opts);
fs.writeFileSync(path.join(outDir, 'fingerprint.ts'), fpTs);
// The card references the fingerprint schema by file name; resolve it to the generated type.
const cardForTypes = structuredClone(card);
cardForTypes.properties.fingerprint = { tsType: 'Fingerprint' };
let cardTs = await compile(cardForTypes, 'ModelCard', opts);
cardTs = cardTs.replace(banner, `${banner}\nimport type { Fingerprint } from './fingerprint.js';`);
fs.writeFileSync(path.join(outDir, 'model-card.ts'), cardTs);
// The schemas as TS constants, so bundles (the Action) and dist builds need no file lookups at run time.
fs.writeFileSync(
  path.join(outDir, 'schemas.ts'),
  `${banner}\n\n/** schemas/model-card.schema.json */\nexport const modelCardSchema = ${JSON.stringify(card, null, 2)} as const;\n\n/** schemas/fingerprint.schema.json */\nexport const fingerprintSchema = ${JSON.stringify(fingerprint, null, 2)} as const;\n`,
);
console.log('generated', fs.readdirSync(outDir).join(', '));
