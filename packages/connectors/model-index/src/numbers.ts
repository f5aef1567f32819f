/** Outcome of reading a number that may have been written as a string. */
export interface ParsedNumber {
  value: number;
  /** True when the source wrote a string (`"25.6M"`, `"40.5"`), so the original should be kept. */
  fromString: boolean;
}

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, b: 1e9, t: 1e12 };

/**
 * Reads a count such as parameters or FLOPs: numbers pass through, strings like `25.6M`,
 * `1.2 GFLOPs`, `197M`, `3,500` or `40.5` become numbers. Returns undefined when nothing numeric is there.
 * @example parseCount('1.2 GFLOPs') // { value: 1200000000, fromString: true }
 */
export function parseCount(v: unknown): ParsedNumber | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v, fromString: false } : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*~?\s*([0-9][0-9,_]*(?:\.[0-9]+)?|\.[0-9]+)(?:e([+-]?[0-9]+))?\s*([kKmMgGbBtT])?\s*(?:flops|params|parameters)?\s*$/i.exec(v);
  if (!m) return undefined;
  let value = Number(m[1]!.replace(/[,_]/g, ''));
  if (m[2]) value *= 10 ** Number(m[2]);
  if (m[3]) value *= SUFFIX[m[3].toLowerCase()]!;
  return Number.isFinite(value) ? { value: roundSig(value), fromString: true } : undefined;
}

/**
 * Reads a plain number (epochs, batch size, metric value). Strings like `"40.5"`, `"77.58%"`, `" 12 "`
 * become numbers; percentages keep their number (77.58), not the fraction.
 */
export function parsePlainNumber(v: unknown): ParsedNumber | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v, fromString: false } : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[+-]?[0-9]+)?)\s*%?\s*$/i.exec(v);
  if (!m) return undefined;
  const value = Number(m[1]);
  return Number.isFinite(value) ? { value, fromString: true } : undefined;
}

/** Avoids float noise such as 25.6 * 1e6 = 25600000.000000004. */
function roundSig(x: number): number {
  return Number(x.toPrecision(12));
}
