/** English stop words and words too generic in model cards to say anything about a model. */
const STOP = new Set(
  (
    'a an the and or of to in on for with by from as at is are be been being was were it its this that these those ' +
    'i me my we our you your they them their he she his her can could would should will may might must do does did ' +
    'have has had not no nor so such than too very just also into over under about above below up down out off ' +
    'some any all each every both few more most other which who whom whose what when where why how there here ' +
    'find show give get want need looking look search models model something thing things one ones please like using use used via ' +
    'based good best better great work works way able lets let kind sort type types'
  ).split(' '),
);

const stemCache = new Map<string, string>();

/** Lower-cases and reduces an English word to a crude stem (plural, -ing, -ed, -ly, British -ise); memoised. */
export function stem(word: string): string {
  const hit = stemCache.get(word);
  if (hit !== undefined) return hit;
  const w = stemUncached(word);
  if (stemCache.size >= 50_000) stemCache.clear();
  stemCache.set(word, w);
  return w;
}

function stemUncached(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3) return w;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) {
    w = w.slice(0, -3);
    if (w.length > 2 && w.at(-1) === w.at(-2) && !'lsz'.includes(w.at(-1)!)) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && w.length > 4 && !w.endsWith('eed')) {
    w = w.slice(0, -2);
    if (w.length > 2 && w.at(-1) === w.at(-2) && !'lsz'.includes(w.at(-1)!)) w = w.slice(0, -1);
  } else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith('ise') || w.endsWith('ize')) w = w.slice(0, -3) + 'iz';
  else if (w.endsWith('isation') || w.endsWith('ization')) w = w.slice(0, -7) + 'iz';
  else if (w.endsWith('iser') || w.endsWith('izer')) w = w.slice(0, -4) + 'iz';
  else if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Splits text into raw lower-case word tokens (letters/digits; camelCase and snake_case are split). */
export function words(text: string): string[] {
  const spaced = text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.match(/[\p{L}\p{N}]+(?:\.\d+)?/gu) ?? [];
}

/** Recent token streams: indexing tokenises the same card text for full text, concepts and the embedding. */
const tokenCache = [new Map<string, readonly string[]>(), new Map<string, readonly string[]>()] as const;

/** Tokenises and stems text, dropping stop words: the token stream every feature is built from (memoised for recent texts; do not mutate). */
export function tokens(text: string, keepStop = false): string[] {
  const cache = tokenCache[keepStop ? 1 : 0];
  const hit = cache.get(text);
  if (hit) return hit as string[];
  const out = tokensUncached(text, keepStop);
  if (cache.size >= 1024) cache.clear();
  cache.set(text, out);
  return out;
}

function tokensUncached(text: string, keepStop: boolean): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (!keepStop && STOP.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** True when the word is a stop word. */
export function isStop(word: string): boolean {
  return STOP.has(word.toLowerCase());
}

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
