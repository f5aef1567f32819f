/**
 * A small, documented table of common model licenses (SPDX ids and Hugging Face hub ids).
 *
 * Flags are deliberately coarse: they say what a governance reviewer must look at, not legal advice.
 * - `commercial`: commercial use allowed (possibly with conditions listed in `obligations`).
 * - `shareAlike`: derivatives must be released under the same (or a compatible) license.
 * - `attribution`: derivatives must credit the original.
 * - `family`: derivatives of a model under a family license must stay under a license of that family
 *   (e.g. a Llama 3.1 fine-tune must be distributed under the Llama 3.1 license terms).
 */
export interface LicenseInfo {
  /** Canonical lower-case id. */
  id: string;
  name: string;
  commercial: boolean;
  shareAlike: boolean;
  attribution: boolean;
  /** License family whose terms bind derivatives, if any (`llama`, `gemma`, `openrail`, ...). */
  family?: string;
  /** Obligations a derivative inherits. */
  obligations: string[];
  url?: string;
}

const BUILT_WITH_LLAMA = 'Display "Built with Llama" and include "Llama" at the beginning of derivative model names';
const LLAMA_AUP = 'Comply with the Llama Acceptable Use Policy';
const LLAMA_MAU = 'Request a license from Meta above 700 million monthly active users';

const TABLE: LicenseInfo[] = [
  { id: 'apache-2.0', name: 'Apache License 2.0', commercial: true, shareAlike: false, attribution: true, obligations: ['Keep the license and NOTICE file', 'State significant changes'], url: 'https://www.apache.org/licenses/LICENSE-2.0' },
  { id: 'mit', name: 'MIT License', commercial: true, shareAlike: false, attribution: true, obligations: ['Keep the copyright and license notice'], url: 'https://opensource.org/license/mit' },
  { id: 'bsd-3-clause', name: 'BSD 3-Clause', commercial: true, shareAlike: false, attribution: true, obligations: ['Keep the copyright and license notice'] },
  { id: 'bsd-2-clause', name: 'BSD 2-Clause', commercial: true, shareAlike: false, attribution: true, obligations: ['Keep the copyright and license notice'] },
  { id: 'cc0-1.0', name: 'CC0 1.0', commercial: true, shareAlike: false, attribution: false, obligations: [] },
  { id: 'unlicense', name: 'The Unlicense', commercial: true, shareAlike: false, attribution: false, obligations: [] },
  { id: 'cc-by-4.0', name: 'CC BY 4.0', commercial: true, shareAlike: false, attribution: true, obligations: ['Give appropriate credit'] },
  { id: 'cc-by-sa-4.0', name: 'CC BY-SA 4.0', commercial: true, shareAlike: true, attribution: true, obligations: ['Give appropriate credit', 'Share derivatives under CC BY-SA 4.0'] },
  { id: 'cc-by-nc-4.0', name: 'CC BY-NC 4.0', commercial: false, shareAlike: false, attribution: true, obligations: ['Give appropriate credit', 'No commercial use'] },
  { id: 'cc-by-nc-sa-4.0', name: 'CC BY-NC-SA 4.0', commercial: false, shareAlike: true, attribution: true, obligations: ['Give appropriate credit', 'No commercial use', 'Share derivatives under CC BY-NC-SA 4.0'] },
  { id: 'cc-by-nc-nd-4.0', name: 'CC BY-NC-ND 4.0', commercial: false, shareAlike: true, attribution: true, obligations: ['Give appropriate credit', 'No commercial use', 'No derivatives'] },
  { id: 'gpl-3.0', name: 'GNU GPL v3', commercial: true, shareAlike: true, attribution: true, obligations: ['Share derivatives under GPL-3.0 with source'] },
  { id: 'agpl-3.0', name: 'GNU AGPL v3', commercial: true, shareAlike: true, attribution: true, obligations: ['Share derivatives under AGPL-3.0 with source, including over a network'] },
  { id: 'lgpl-3.0', name: 'GNU LGPL v3', commercial: true, shareAlike: true, attribution: true, obligations: ['Share modifications under LGPL-3.0'] },
  { id: 'openrail', name: 'OpenRAIL', commercial: true, shareAlike: true, attribution: true, family: 'openrail', obligations: ['Pass on the use-based restrictions to derivatives and users'] },
  { id: 'openrail++', name: 'OpenRAIL++-M', commercial: true, shareAlike: true, attribution: true, family: 'openrail', obligations: ['Pass on the use-based restrictions to derivatives and users'] },
  { id: 'creativeml-openrail-m', name: 'CreativeML OpenRAIL-M', commercial: true, shareAlike: true, attribution: true, family: 'openrail', obligations: ['Pass on the use-based restrictions to derivatives and users'] },
  { id: 'bigscience-openrail-m', name: 'BigScience OpenRAIL-M', commercial: true, shareAlike: true, attribution: true, family: 'openrail', obligations: ['Pass on the use-based restrictions to derivatives and users'] },
  { id: 'bigscience-bloom-rail-1.0', name: 'BigScience BLOOM RAIL 1.0', commercial: true, shareAlike: true, attribution: true, family: 'openrail', obligations: ['Pass on the use-based restrictions to derivatives and users'] },
  { id: 'llama2', name: 'Llama 2 Community License', commercial: true, shareAlike: true, attribution: true, family: 'llama', obligations: [LLAMA_AUP, LLAMA_MAU, 'Do not use outputs to improve other large language models'], url: 'https://ai.meta.com/llama/license/' },
  { id: 'llama3', name: 'Meta Llama 3 Community License', commercial: true, shareAlike: true, attribution: true, family: 'llama', obligations: [BUILT_WITH_LLAMA, LLAMA_AUP, LLAMA_MAU], url: 'https://llama.meta.com/llama3/license/' },
  { id: 'llama3.1', name: 'Llama 3.1 Community License', commercial: true, shareAlike: true, attribution: true, family: 'llama', obligations: [BUILT_WITH_LLAMA, LLAMA_AUP, LLAMA_MAU], url: 'https://llama.meta.com/llama3_1/license/' },
  { id: 'llama3.2', name: 'Llama 3.2 Community License', commercial: true, shareAlike: true, attribution: true, family: 'llama', obligations: [BUILT_WITH_LLAMA, LLAMA_AUP, LLAMA_MAU] },
  { id: 'llama3.3', name: 'Llama 3.3 Community License', commercial: true, shareAlike: true, attribution: true, family: 'llama', obligations: [BUILT_WITH_LLAMA, LLAMA_AUP, LLAMA_MAU] },
  { id: 'gemma', name: 'Gemma Terms of Use', commercial: true, shareAlike: true, attribution: true, family: 'gemma', obligations: ['Comply with the Gemma Prohibited Use Policy', 'Pass on the Gemma use restrictions to derivatives'], url: 'https://ai.google.dev/gemma/terms' },
];

/** Hub spellings that mean a table entry. */
const ALIASES: Record<string, string> = {
  'apache2': 'apache-2.0', 'apache 2.0': 'apache-2.0', 'apache-2': 'apache-2.0',
  'llama-2': 'llama2', 'llama-3': 'llama3', 'llama-3.1': 'llama3.1', 'llama-3.2': 'llama3.2', 'llama-3.3': 'llama3.3',
  'cc-by-nc': 'cc-by-nc-4.0', 'cc-by-nc-sa': 'cc-by-nc-sa-4.0', 'cc-by': 'cc-by-4.0', 'cc-by-sa': 'cc-by-sa-4.0',
  'gpl': 'gpl-3.0', 'gpl-3.0-only': 'gpl-3.0', 'agpl-3.0-only': 'agpl-3.0',
};

const BY_ID = new Map(TABLE.map((l) => [l.id, l]));

/** Normalises a license id for comparison (lower case, trimmed, aliases resolved). */
export function normalizeLicense(id: string): string {
  const l = id.trim().toLowerCase();
  return ALIASES[l] ?? l;
}

/** Looks a license up in the table; undefined for unknown ids (including `other`). */
export function licenseInfo(id: string | undefined): LicenseInfo | undefined {
  if (!id) return undefined;
  const n = normalizeLicense(id);
  const hit = BY_ID.get(n);
  if (hit) return hit;
  // Any other CC "NC" variant (cc-by-nc-3.0, ...) is non-commercial.
  if (/^cc-by-nc/.test(n)) return { id: n, name: n.toUpperCase(), commercial: false, shareAlike: n.includes('-sa'), attribution: true, obligations: ['Give appropriate credit', 'No commercial use'] };
  return undefined;
}

/** All known licenses (for documentation and `modellake audit --licenses`). */
export function listLicenses(): readonly LicenseInfo[] {
  return TABLE;
}
