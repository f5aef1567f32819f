import fs from 'node:fs/promises';
import path from 'node:path';
import { CardError, cardFormatOf, parseCardBytes } from '@modellake/card';

/**
 * Reads a card from a `.json`, `.yaml`/`.yml` or Markdown-with-front-matter file (front matter holds the
 * card), strictly: invalid UTF-8 (byte offset), nesting past MAX_CARD_DEPTH and repeated keys (key and
 * line) are CardErrors naming the file, so one bad file never stops the others.
 */
export async function readCardFile(file: string): Promise<unknown> {
  const bytes = await fs.readFile(file);
  const ext = path.extname(file).toLowerCase();
  try {
    return parseCardBytes(bytes, cardFormatOf(file));
  } catch (e) {
    if (!(e instanceof CardError)) throw new CardError('card-invalid', `${file}: cannot parse ${ext || 'JSON'}: ${(e as Error).message.split('\n')[0]}`, [], { cause: e });
    const syntax = e.code === 'json-invalid' || e.code === 'yaml-invalid';
    const message = syntax ? `${file}: cannot parse ${ext || 'JSON'}: ${e.message.split('\n')[0]}` : `${file}: ${e.message}`;
    throw new CardError(e.code, message, e.issues, { cause: e, details: e.details });
  }
}
