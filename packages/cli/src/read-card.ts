import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { CardError, parseFrontMatter } from '@modellake/card';

/** Reads a card from a `.json`, `.yaml`/`.yml` or Markdown-with-front-matter file (front matter holds the card). */
export async function readCardFile(file: string): Promise<unknown> {
  const text = await fs.readFile(file, 'utf8');
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === '.yaml' || ext === '.yml') return parse(text, { prettyErrors: true });
    if (ext === '.md') return parseFrontMatter(text).data;
    return JSON.parse(text);
  } catch (e) {
    if (e instanceof CardError) throw new CardError(e.code, `${file}: ${e.message}`, e.issues);
    throw new CardError('card-invalid', `${file}: cannot parse ${ext || 'JSON'}: ${(e as Error).message.split('\n')[0]}`);
  }
}
