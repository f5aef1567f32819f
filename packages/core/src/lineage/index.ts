export { LineageIndex, detectLineage, type LineageOptions } from './engine.js';
export { createResolver, normalizeRef } from './resolve.js';
export { readModelFolder, findModelFolders, toLineageModel, declaredParentsFromCardData, type ModelFolder, type TreeWarning, type ReadModelFolderOptions, type FindModelFoldersOptions } from './folder.js';
export { scanModelTree, type LineageScanResult, type ScanOptions } from './scan.js';
export type * from './types.js';
export { scoreLineage, type LineageTruth, type LineageScore } from './evaluate.js';
export { LineageDeriver, cardToLineageModel } from './deriver.js';
export { lineageView, type LineageView, type LineageDirection } from './view.js';
export { toLocalModelCard, type LocalCardContext } from './card.js';
