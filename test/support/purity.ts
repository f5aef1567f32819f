import { expect, vi } from 'vitest';

/** Freezes a value and everything reachable from it (objects, arrays, Maps/Sets are frozen shallowly). */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    for (const k of Reflect.ownKeys(v)) walk((v as Record<PropertyKey, unknown>)[k]);
    Object.freeze(v);
  };
  walk(value);
  return value;
}

/**
 * Checks that `f(input)` is pure: it neither mutates its (deep-frozen) input, which would throw in strict mode and is
 * also compared with a snapshot taken before, nor depends on the clock or on Math.random: two calls under different
 * fake clocks and random sources give equal results. Returns the result.
 */
export function expectPure<I extends object, R>(input: I, f: (input: I) => R): R {
  const before = structuredClone(input);
  deepFreeze(input);
  vi.useFakeTimers({ now: new Date('2001-02-03T04:05:06.000Z'), toFake: ['Date', 'performance'] });
  const random = vi.spyOn(Math, 'random');
  try {
    random.mockReturnValue(0.125);
    const first = f(input);
    vi.setSystemTime(new Date('2031-10-11T12:13:14.000Z'));
    random.mockReturnValue(0.875);
    const second = f(input);
    expect(second, 'result depends on the clock or on Math.random').toEqual(first);
    expect(input, 'input was changed').toEqual(before);
    return first;
  } finally {
    random.mockRestore();
    vi.useRealTimers();
  }
}
