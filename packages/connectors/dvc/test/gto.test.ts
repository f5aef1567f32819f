import { describe, expect, it } from 'vitest';
import { gtoRegistry, parseGtoTag, type GitTag } from '../src/gto.js';
import { fixture, FIXTURES_NOTE, HAVE_FIXTURES, recordedTags } from './shared-fixtures.js';

describe('parseGtoTag', () => {
  it('reads every GTO action', () => {
    expect(parseGtoTag('churn@v3.1.0')).toEqual({ artifact: 'churn', action: 'register', version: 'v3.1.0' });
    expect(parseGtoTag('churn@v3.1.0-rc.1+build.5#7')).toEqual({ artifact: 'churn', action: 'register', version: 'v3.1.0-rc.1+build.5', counter: 7 });
    expect(parseGtoTag('churn@v3.1.0!#8')).toEqual({ artifact: 'churn', action: 'deregister', version: 'v3.1.0', counter: 8 });
    expect(parseGtoTag('churn#prod#2')).toEqual({ artifact: 'churn', action: 'assign', stage: 'prod', counter: 2 });
    expect(parseGtoTag('pool-segmentation#dev!#3')).toEqual({ artifact: 'pool-segmentation', action: 'unassign', stage: 'dev', counter: 3 });
    expect(parseGtoTag('churn#staging')).toEqual({ artifact: 'churn', action: 'assign', stage: 'staging' });
    expect(parseGtoTag('churn@deprecated#9')).toEqual({ artifact: 'churn', action: 'deprecate', counter: 9 });
    expect(parseGtoTag('models/nlp=clf@v0.1.0')).toEqual({ artifact: 'models/nlp:clf', action: 'register', version: 'v0.1.0' });
  });

  it('ignores tags that are not GTO tags', () => {
    for (const t of ['v1.0.0', 'release-2024', 'churn@1.0.0', 'churn@v1.0', 'Churn@v1.0.0', 'churn#Prod#1', 'churn#prod#x']) expect(parseGtoTag(t), t).toBeUndefined();
  });
});

describe('gtoRegistry', () => {
  const c = (n: number) => String(n).repeat(40);
  it('replays deregistration, unassignment and deprecation in counter order', () => {
    const tags: GitTag[] = [
      { name: 'm@v1.0.0', commit: c(1), date: '2024-01-01T00:00:00Z' },
      { name: 'm@v1.1.0', commit: c(2), date: '2024-01-02T00:00:00Z' },
      { name: 'm#prod#1', commit: c(1), date: '2024-01-03T00:00:00Z' },
      { name: 'm#prod#2', commit: c(2), date: '2024-01-04T00:00:00Z' },
      { name: 'm#dev#3', commit: c(3), date: '2024-01-04T00:00:00Z' },
      { name: 'm@v1.1.0!', commit: c(2), date: '2024-01-05T00:00:00Z' },
      { name: 'm#dev!#4', commit: c(3), date: '2024-01-06T00:00:00Z' },
      { name: 'm@deprecated#5', commit: c(3), date: '2024-01-07T00:00:00Z' },
    ];
    const s = gtoRegistry(tags).get('m')!;
    expect(s.versions.map((v) => v.version)).toEqual(['v1.0.0']);
    // Stage tags on a commit without a (remaining) registered version name the commit.
    expect(s.stages).toEqual({ prod: c(2) });
    expect(s.deprecated).toBe(true);
  });
});

describe.skipIf(!HAVE_FIXTURES)(`GTO over the recorded tags ${FIXTURES_NOTE}`, () => {
  it('example-get-started and example-get-started-experiments', () => {
    const a = gtoRegistry(recordedTags('example-get-started')).get('text-classification')!;
    expect(a.versions.map((v) => v.version)).toEqual(['v1.0.0', 'v1.1.0', 'v1.2.0']);
    expect(a.stages).toEqual({ prod: 'v1.0.0', stage: 'v1.1.0', dev: 'v1.2.0' });
    const b = gtoRegistry(recordedTags('example-get-started-experiments')).get('pool-segmentation')!;
    expect(b.stages).toEqual({ prod: 'v1.0.0' });
    expect(b.deprecated).toBe(false);
  });

  it("agrees with `gto show` for the history GTO's own tests record", () => {
    const history = JSON.parse(fixture('gto-history-churn.sample.json')) as { ref: string; commit: string; timestamp: string }[];
    const registry = JSON.parse(fixture('gto-show-registry.sample.json')) as Record<string, { version: string; stage: Record<string, string | null> }>;
    const state = gtoRegistry(history.map((h) => ({ name: h.ref, commit: h.commit, date: new Date(h.timestamp.replace(' ', 'T')).toISOString() }))).get('churn')!;
    expect(state.versions.at(-1)!.version).toBe(registry.churn!.version);
    const expected = Object.fromEntries(Object.entries(registry.churn!.stage).filter(([, v]) => v !== null));
    expect(state.stages).toEqual(expected);
  });
});
