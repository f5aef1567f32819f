/** GitHub webhook event payloads, as far as the Action reads them (shapes of octokit/webhooks payload examples). */

/** `repository` object of every event payload. */
export interface WireRepository {
  id?: number;
  name: string;
  full_name: string;
  html_url?: string;
  default_branch?: string;
  owner: { login: string };
}

/** `sender` / `pusher` user. */
export interface WireUser {
  login: string;
}

/** Payload of a `push` event (`deleted: true` when a branch or tag was deleted). */
export interface WirePushEvent {
  ref: string;
  before: string;
  after: string;
  created?: boolean;
  deleted?: boolean;
  forced?: boolean;
  base_ref?: string | null;
  compare?: string;
  head_commit?: { id: string; message?: string } | null;
  repository: WireRepository;
  sender?: WireUser;
}

/** Payload of a `pull_request` event. */
export interface WirePullRequestEvent {
  action: string;
  number: number;
  pull_request: {
    number: number;
    html_url?: string;
    title?: string;
    state?: string;
    head: { ref: string; sha: string; repo?: WireRepository | null };
    base: { ref: string; sha: string; repo?: WireRepository | null };
    user?: WireUser;
  };
  repository: WireRepository;
  sender?: WireUser;
}

/** Payload of a `create` or `delete` event (branch or tag). */
export interface WireRefEvent {
  ref: string;
  ref_type: 'tag' | 'branch';
  repository: WireRepository;
  sender?: WireUser;
}

/** Payload of a `release` event. */
export interface WireReleaseEvent {
  action: string;
  release: { tag_name: string; target_commitish?: string; html_url?: string; draft?: boolean; prerelease?: boolean };
  repository: WireRepository;
  sender?: WireUser;
}

/** Payload of a `workflow_dispatch` event. */
export interface WireWorkflowDispatchEvent {
  ref: string;
  inputs?: Record<string, unknown> | null;
  workflow?: string;
  repository: WireRepository;
  sender?: WireUser;
}

/** Any payload the Action may be started with. */
export type WireEventPayload =
  | WirePushEvent
  | WirePullRequestEvent
  | WireRefEvent
  | WireReleaseEvent
  | WireWorkflowDispatchEvent
  | Record<string, unknown>;

/** The runner environment variables the Action reads (`GITHUB_*`). */
export interface WireRunnerEnv {
  GITHUB_EVENT_NAME?: string;
  GITHUB_SHA?: string;
  GITHUB_REF?: string;
  GITHUB_HEAD_REF?: string;
  GITHUB_BASE_REF?: string;
  GITHUB_REPOSITORY?: string;
  GITHUB_SERVER_URL?: string;
  GITHUB_API_URL?: string;
  GITHUB_RUN_ID?: string;
  GITHUB_RUN_ATTEMPT?: string;
  GITHUB_ACTOR?: string;
  GITHUB_WORKFLOW?: string;
  [k: string]: string | undefined;
}
