export { run, main, ACTION_VERSION, type RunOutcome } from './run.js';
export { readInputs, type ActionInputs } from './inputs.js';
export { discover, resolveTargets, type Discovery, type Problem, type Target, type DiscoverOptions } from './discover.js';
export { globToRegExp, isGlob, walk, type WalkEntry } from './glob.js';
export { registerCard, preflight, fetchFindings, contentChanged, type RegisteredModel, type FindingsResult, type ReportedFinding } from './lake.js';
export { renderReport, fitComment, REPORT_MARKER, MAX_COMMENT_CHARS, type ReportInput } from './report.js';
export { upsertComment, type UpsertCommentParams } from './comment.js';
export { ActionError, describeLakeError, type ActionErrorCode } from './errors.js';
