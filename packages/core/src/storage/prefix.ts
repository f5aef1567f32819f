/**
 * Prefix ranges over ids in code-point order (the order of UTF-8 bytes: SQLite's BINARY collation,
 * PostgreSQL's `COLLATE "C"`).
 *
 * `id >= prefix AND id < prefix || '\uffff'` is wrong: an id whose next character is astral
 * (`hf:acme/🤗evil`, UTF-8 F0..) sorts after U+FFFF (EF BF BF) and is skipped. The exclusive upper
 * bound here is the smallest string greater than every string starting with `prefix`: the prefix with
 * its last code point incremented (U+10FFFF carries into the previous one; surrogates are skipped).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const cps = [...prefix].map((ch) => ch.codePointAt(0)!);
  while (cps.length) {
    let last = cps.pop()!;
    if (last >= 0x10ffff) continue; // carry: drop it and increment the one before
    last += 1;
    if (last >= 0xd800 && last <= 0xdfff) last = 0xe000;
    return String.fromCodePoint(...cps, last);
  }
  return undefined; // every string >= prefix starts with it (only U+10FFFF characters)
}

/** Compares two strings by code point (= UTF-8 byte order), unlike `<` on JS strings (UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
