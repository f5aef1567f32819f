import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import { CardError, type CardIssue } from './errors.js';
import { assertCardDepth } from './parse.js';
import { modelIdProblem } from './ids.js';
import type { ModelCard } from './generated/model-card.js';
import type { Fingerprint } from './generated/fingerprint.js';

import { modelCardSchema, fingerprintSchema } from './generated/schemas.js';

export { modelCardSchema, fingerprintSchema };

/** Default maximum size of a card's canonical JSON. @default 1 MiB */
export const DEFAULT_MAX_CARD_BYTES = 1024 * 1024;

let compiled: { card: ValidateFunction; fingerprint: ValidateFunction } | undefined;
function validators() {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormatsPkg.default(ajv);
    ajv.addSchema(fingerprintSchema as object);
    compiled = { card: ajv.compile(modelCardSchema as object), fingerprint: ajv.getSchema(fingerprintSchema.$id)! };
  }
  return compiled;
}

/** The value at a JSON pointer (for messages that quote it). */
function at(root: unknown, pointer: string): unknown {
  let v = root;
  for (const part of pointer.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  return v;
}

function describe(err: ErrorObject, root?: unknown): CardIssue {
  const path = err.instancePath;
  const field = path === '' ? 'the card' : `\`${path.slice(1).replaceAll('/', '.')}\``;
  const p = err.params as Record<string, unknown>;
  let message: string;
  switch (err.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      const full = path === '' ? missing : `${path.slice(1).replaceAll('/', '.')}.${missing}`;
      return { path: `${path}/${missing}`, keyword: err.keyword, message: `\`${full}\` is required but missing.` };
    }
    case 'additionalProperties':
      return {
        path: `${path}/${String(p.additionalProperty)}`,
        keyword: err.keyword,
        message: `${field} has unknown field \`${String(p.additionalProperty)}\` (put source-specific data under \`extensions\`).`,
      };
    case 'type':
      message = `${field} must be of type ${String(p.type)}.`;
      break;
    case 'enum':
      message = `${field} must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
      break;
    case 'const':
      message = `${field} must be ${JSON.stringify(p.allowedValue)}.`;
      break;
    case 'pattern':
      if (path === '/id' || path.startsWith('/aliases/')) {
        const value = at(root, path);
        const problem = typeof value === 'string' ? modelIdProblem(value, path === '/id' ? 'Id' : 'Alias') : undefined;
        message = problem ? `${field}: ${problem}` : `${field} must look like \`<source>:<native id>\` (e.g. \`hf:google-bert/bert-base-uncased\`).`;
      } else message = `${field} does not match the pattern ${String(p.pattern)}.`;
      break;
    case 'format':
      message = `${field} must be a valid ${String(p.format)}.`;
      break;
    case 'propertyNames':
      message = `${field} has a key that is not a valid namespace (lowercase letters, digits, '.', '_', '-').`;
      break;
    default:
      message = `${field} ${err.message ?? 'is invalid'}.`;
  }
  return { path, keyword: err.keyword, message };
}

/** Result of {@link validate}: either the typed card or every issue found. */
export type ValidationResult = { ok: true; card: ModelCard; issues: [] } | { ok: false; issues: CardIssue[] };

/** Validates a value against the model card schema, returning every error with its JSON path and a sentence. */
export function validate(value: unknown): ValidationResult {
  try {
    assertCardDepth(value);
  } catch (e) {
    if (e instanceof CardError) return { ok: false, issues: e.issues };
    throw e;
  }
  const v = validators().card;
  if (v(value)) return { ok: true, card: value as ModelCard, issues: [] };
  const seen = new Set<string>();
  const issues: CardIssue[] = [];
  for (const e of v.errors ?? []) {
    // `propertyNames` reports the same key twice (once per failing sub-keyword); keep one line each.
    if (e.keyword === 'if') continue;
    const issue = describe(e, value);
    const key = `${issue.path}|${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return { ok: false, issues };
}

/** Validates and returns the card, or throws a {@link CardError} listing every issue. */
export function assertValidCard(value: unknown, options: { maxBytes?: number } = {}): ModelCard {
  const max = options.maxBytes ?? DEFAULT_MAX_CARD_BYTES;
  // Before anything recursive (JSON.stringify, the validator, hashing) sees a hostile depth.
  assertCardDepth(value);
  const size = Buffer.byteLength(JSON.stringify(value) ?? '');
  if (size > max) {
    throw new CardError('card-too-large', `Card is ${size} bytes, over the limit of ${max} bytes.`, [
      { path: '', keyword: 'maxBytes', message: `The card is ${size} bytes; the limit is ${max} bytes.` },
    ]);
  }
  const r = validate(value);
  if (!r.ok) {
    const id = typeof (value as { id?: unknown })?.id === 'string' ? ` ${(value as { id: string }).id}` : '';
    throw new CardError('card-invalid', `Card${id} is invalid: ${r.issues.map((i) => i.message).join(' ')}`, r.issues);
  }
  return r.card;
}

/** Validates a fingerprint on its own (the sub-schema used for `card.fingerprint`). */
export function validateFingerprint(value: unknown): { ok: true; fingerprint: Fingerprint } | { ok: false; issues: CardIssue[] } {
  const v = validators().fingerprint;
  if (v(value)) return { ok: true, fingerprint: value as Fingerprint };
  return { ok: false, issues: (v.errors ?? []).map(describe) };
}
