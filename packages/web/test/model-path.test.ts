import { describe, expect, it } from 'vitest';
import { modelPath } from '../src/api.js';

describe('web UI modelPath (issue 12)', () => {
  it('sends the id as one encoded segment so URL normalisation cannot change the target', () => {
    expect(modelPath('local:decoy/../local:gov/victim', 'approval')).toBe('/v1/models/local%3Adecoy%2F..%2Flocal%3Agov%2Fvictim/-/approval');
    expect(new URL(modelPath('local:spam/../../tokens/rd'), 'http://lake').pathname).toBe('/v1/models/local%3Aspam%2F..%2F..%2Ftokens%2Frd');
  });

  it('puts sub-resources after a `-` segment, so ids ending in a sub-resource name stay addressable', () => {
    expect(modelPath('gh:acme/models/history')).toBe('/v1/models/gh%3Aacme%2Fmodels%2Fhistory');
    expect(modelPath('gh:acme/models', 'history')).toBe('/v1/models/gh%3Aacme%2Fmodels/-/history');
  });
});
