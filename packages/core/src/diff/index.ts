export { diffCards } from './diff-cards.js';
export { diffWeights, compareTensor, layerOf } from './weights.js';
export { diffValues } from './values.js';
export { renderDiffText, type RenderTextOptions } from './render-text.js';
export { renderDiffMarkdown, summarizeDiff, escapeMarkdown, type RenderMarkdownOptions } from './render-markdown.js';
export { formatPercent, sideLabel } from './format.js';
export type * from './types.js';
