import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildCitationEntries, formatCitation } from '../src/index.js';
import { childAncestors, dishonestChild } from './governance-fixtures.js';

/** A small structural BibTeX parser: entries `@type{key, field = {value}, ...}` with balanced braces. */
function parseBibtex(text: string): { type: string; key: string; fields: Record<string, string> }[] {
  const out: { type: string; key: string; fields: Record<string, string> }[] = [];
  let i = 0;
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const braced = (): string => {
    if (text[i] !== '{') throw new Error(`expected { at ${i}`);
    let depth = 0;
    const start = i + 1;
    for (; i < text.length; i++) {
      if (text[i] === '\\') {
        i++;
        continue;
      }
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return text.slice(start, i++);
    }
    throw new Error('unbalanced braces');
  };
  for (;;) {
    skipWs();
    if (i >= text.length) return out;
    const m = /^@(\w+)\{([^,\s]+),/.exec(text.slice(i));
    if (!m) throw new Error(`expected an entry at ${i}: ${text.slice(i, i + 30)}`);
    i += m[0].length;
    const fields: Record<string, string> = {};
    for (;;) {
      skipWs();
      if (text[i] === '}') {
        i++;
        break;
      }
      const f = /^(\w+)\s*=\s*/.exec(text.slice(i));
      if (!f) throw new Error(`expected a field at ${i}: ${text.slice(i, i + 30)}`);
      i += f[0].length;
      if (f[1]! in fields) throw new Error(`duplicate field ${f[1]}`);
      fields[f[1]!] = braced();
      skipWs();
      if (text[i] === ',') i++;
    }
    out.push({ type: m[1]!, key: m[2]!, fields });
  }
}

describe('citation', () => {
  const child = dishonestChild();
  child.training!.datasets!.push({ name: 'Ultra_Chat & friends {200k}', id: 'hf:HuggingFaceH4/ultrachat_200k', version: '8049631', citation: { title: 'UltraChat 200k', authors: ['Ning Ding', 'Yulin Chen'], year: 2023, arxiv: '2305.14233' } });
  const entries = buildCitationEntries(child, childAncestors());

  it('collects the model, its ancestors and the datasets of both with authors, year, url, version', () => {
    expect(entries.map((e) => [e.kind, e.id ?? e.title])).toEqual([
      ['model', 'hf:acme/llama-support-bot'],
      ['ancestor', 'hf:meta-llama/Llama-3.1-8B'],
      ['dataset', 'hf:acme/tickets'],
      ['dataset', 'hf:HuggingFaceH4/ultrachat_200k'],
      ['dataset', 'public web data'],
    ]);
    expect(entries[0]).toMatchObject({ year: 2025, url: 'https://huggingface.co/acme/llama-support-bot', version: 'def456', authors: [{ given: 'Ada', family: 'Lovelace' }, { given: 'Grace', family: 'Hopper' }] });
    expect(entries[1]).toMatchObject({ year: 2024, url: 'https://huggingface.co/meta-llama/Llama-3.1-8B', version: 'abc123', relation: 'finetune' });
    expect(entries[2]).toMatchObject({ url: 'https://huggingface.co/datasets/acme/tickets', version: 'v3', authors: [{ entity: 'acme' }] });
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
  });

  it('BibTeX parses structurally, one @misc per work, special characters escaped', () => {
    const text = formatCitation(entries, 'bibtex');
    const parsed = parseBibtex(text);
    expect(parsed).toHaveLength(5);
    expect(parsed.every((e) => e.type === 'misc')).toBe(true);
    expect(parsed[0]!.fields).toMatchObject({ title: '{ACME support bot}', author: 'Lovelace, Ada and Hopper, Grace', year: '2025', url: 'https://huggingface.co/acme/llama-support-bot', version: 'def456' });
    expect(parsed[1]!.fields.author).toBe('{Llama Team}');
    expect(parsed[3]!.fields).toMatchObject({ title: '{UltraChat 200k}', author: 'Ding, Ning and Chen, Yulin', year: '2023', eprint: '2305.14233', version: '8049631' });
    const amp = formatCitation(buildCitationEntries({ cardVersion: '1.0', id: 'local:x', name: 'R&D {model} 100% #1_a' }), 'bibtex');
    expect(parseBibtex(amp)[0]!.fields.title).toBe('{R\\&D \\{model\\} 100\\% \\#1\\_a}');
  });

  it('CFF is valid YAML with the required 1.2.0 keys and references', () => {
    const doc = parseYaml(formatCitation(entries, 'cff')) as Record<string, unknown>;
    expect(doc['cff-version']).toBe('1.2.0');
    expect(typeof doc.message).toBe('string');
    expect(doc.title).toBe('ACME support bot');
    expect(doc.version).toBe('def456');
    expect(doc.url).toBe('https://huggingface.co/acme/llama-support-bot');
    expect(doc.authors).toEqual([{ 'family-names': 'Lovelace', 'given-names': 'Ada' }, { 'family-names': 'Hopper', 'given-names': 'Grace' }]);
    const refs = doc.references as Record<string, unknown>[];
    expect(refs).toHaveLength(4);
    for (const r of refs) {
      expect(['software', 'data', 'article']).toContain(r.type);
      expect(typeof r.title).toBe('string');
      expect((r.authors as unknown[]).length).toBeGreaterThan(0);
    }
    expect(refs[0]).toMatchObject({ type: 'software', title: 'Llama 3.1 8B', version: 'abc123', year: 2024 });
    expect(refs[1]).toMatchObject({ type: 'data', authors: [{ name: 'acme' }] });
  });

  it('APA lists every work with year, version and URL', () => {
    const lines = formatCitation(entries, 'apa').trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('Lovelace, A., & Hopper, G. (2025). ACME support bot (Version def456) [Computer software]. https://huggingface.co/acme/llama-support-bot');
    expect(lines[1]).toBe('Llama Team. (2024). Llama 3.1 8B (Version abc123) [Computer software]. https://huggingface.co/meta-llama/Llama-3.1-8B');
    expect(lines[2]).toBe('acme. (n.d.). acme tickets (Version v3) [Data set]. https://huggingface.co/datasets/acme/tickets');
  });
});
