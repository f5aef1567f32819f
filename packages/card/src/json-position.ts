/** A problem found by {@link scanJson}: a syntax error, nesting past the limit, or a repeated object key. */
export type JsonScanProblem =
  | { kind: 'syntax'; offset: number }
  | { kind: 'too-deep'; offset: number; pointer: string; maxDepth: number }
  | { kind: 'duplicate-key'; offset: number; pointer: string; key: string };

/** Options of {@link scanJson}. */
export interface JsonScanOptions {
  /** Deepest nesting of objects/arrays allowed (the top-level container is depth 1). @default Infinity */
  maxDepth?: number;
  /** Report a key repeated in one object (JSON.parse keeps the last one silently). @default false */
  uniqueKeys?: boolean;
}

const pointerEscape = (s: string): string => s.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Checks JSON text in one pass without recursion (so 10,000 nested brackets cannot exhaust the stack):
 * the first syntax error, the first container nested deeper than `maxDepth`, or the first key repeated
 * in an object, with its character offset and the JSON pointer (RFC 6901) where it occurs.
 * `undefined` when the text is valid under the options.
 */
export function scanJson(text: string, options: JsonScanOptions = {}): JsonScanProblem | undefined {
  const maxDepth = options.maxDepth ?? Infinity;
  const uniqueKeys = options.uniqueKeys ?? false;
  const n = text.length;
  let i = 0;
  // One frame per open container: its current member (key or index) and, for objects, the keys seen.
  const segs: (string | number)[] = [];
  const kinds: number[] = []; // 0 = object, 1 = array
  const keySets: (Set<string> | undefined)[] = [];
  const pointer = (depth = segs.length): string => segs.slice(0, depth).map((s) => `/${pointerEscape(String(s))}`).join('');

  const ws = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
    }
  };
  class Fail {
    constructor(readonly at: number) {}
  }
  const fail = (): never => {
    throw new Fail(i);
  };
  /** Skips a string starting at `i` (on the quote); returns whether it held an escape. */
  const str = (): boolean => {
    i++;
    let escaped = false;
    for (;;) {
      let c = text.charCodeAt(i);
      while (c !== 0x22 && c !== 0x5c && c >= 0x20) c = text.charCodeAt(++i); // NaN past the end stops too
      if (i >= n) fail();
      if (c === 0x22) {
        i++;
        return escaped;
      }
      if (c !== 0x5c) fail(); // a control character
      escaped = true;
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          i += 2;
          fail();
        }
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
      else {
        i++;
        fail();
      }
    }
  };
  const digits = (): number => {
    const start = i;
    for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i));
    return i - start;
  };
  /** -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?, failing where the grammar breaks. */
  const num = (): void => {
    const start = i;
    if (text.charCodeAt(i) === 0x2d) i++;
    const first = text.charCodeAt(i);
    if (first === 0x30) i++;
    else if (first >= 0x31 && first <= 0x39) digits();
    else {
      i = start;
      fail();
    }
    if (text.charCodeAt(i) === 0x2e) {
      const dot = i;
      i++;
      if (digits() === 0) {
        i = dot;
        return;
      }
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      const at = i;
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      if (digits() === 0) i = at;
    }
  };
  const scalar = (): void => {
    const ch = text[i];
    if (ch === '"') str();
    else if (ch === 't' || ch === 'f' || ch === 'n') {
      const word = ch === 't' ? 'true' : ch === 'f' ? 'false' : 'null';
      if (text.startsWith(word, i)) i += word.length;
      else fail();
    } else num();
  };
  /** Reads an object key at `i`, checks it is new, and makes it the frame's current member. */
  const key = (): JsonScanProblem | undefined => {
    ws();
    if (text[i] !== '"') fail();
    const start = i;
    const escaped = str();
    const k = escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
    const top = segs.length - 1;
    segs[top] = k;
    if (uniqueKeys) {
      const seen = keySets[top]!;
      if (seen.has(k)) return { kind: 'duplicate-key', offset: start, pointer: pointer(), key: k };
      seen.add(k);
    }
    ws();
    if (text[i] !== ':') fail();
    i++;
    return undefined;
  };

  try {
    // `expectValue`: a value starts at `i`; otherwise a value just ended and a separator or closer follows.
    let expectValue = true;
    for (;;) {
      if (expectValue) {
        ws();
        const ch = text[i];
        if (ch === '{' || ch === '[') {
          if (segs.length + 1 > maxDepth) return { kind: 'too-deep', offset: i, pointer: pointer(), maxDepth };
          i++;
          ws();
          if (ch === '{') {
            segs.push('');
            kinds.push(0);
            keySets.push(uniqueKeys ? new Set() : undefined);
            if (text[i] === '}') {
              i++;
              segs.pop();
              kinds.pop();
              keySets.pop();
              expectValue = false;
            } else {
              const p = key();
              if (p) return p;
            }
          } else {
            segs.push(0);
            kinds.push(1);
            keySets.push(undefined);
            if (text[i] === ']') {
              i++;
              segs.pop();
              kinds.pop();
              keySets.pop();
              expectValue = false;
            }
          }
          continue;
        }
        scalar();
        expectValue = false;
        continue;
      }
      ws();
      if (segs.length === 0) return i < n ? { kind: 'syntax', offset: i } : undefined;
      const top = segs.length - 1;
      const isObject = kinds[top] === 0;
      const ch = text[i];
      if (ch === ',') {
        i++;
        if (isObject) {
          const p = key();
          if (p) return p;
        } else segs[top] = (segs[top] as number) + 1;
        expectValue = true;
      } else if (ch === (isObject ? '}' : ']')) {
        i++;
        segs.pop();
        kinds.pop();
        keySets.pop();
      } else fail();
    }
  } catch (e) {
    if (e instanceof Fail) return { kind: 'syntax', offset: e.at };
    throw e;
  }
}

/** Offset of the first syntax error in JSON text (characters), or -1 when it is valid: JSON.parse on Node 20 does not always say where it failed, and bad-input reports must name the line. */
export function jsonErrorOffset(text: string): number {
  const p = scanJson(text);
  return p ? p.offset : -1;
}

/** 1-based line and column of an offset. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lastNl = -1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lastNl = at;
  }
  return { line, col: offset - lastNl };
}
