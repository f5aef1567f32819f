export type * from './wire.js';
export { GitHubConnectorError, type GitHubConnectorErrorCode } from './errors.js';
export { toGitHubContext, shouldIgnoreEvent, type GitHubContext } from './context.js';
export { stampSource, commitVersion, CONNECTOR_NAME, type StampOptions } from './source.js';
export {
  toModelCards,
  parseCardFile,
  modelFolderToCard,
  folderModelId,
  type RepoEntry,
  type CardFileEntry,
  type ModelFolderEntry,
  type MappedEntry,
  type BuiltCard,
  type ToModelCardsContext,
  type ToModelCardsResult,
} from './cards.js';
