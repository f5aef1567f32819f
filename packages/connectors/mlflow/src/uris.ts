/** What an MLflow model version `source` points at. */
export type ParsedSource =
  | { kind: 'registered-version'; name: string; version: string }
  | { kind: 'registered-alias'; name: string; alias: string }
  | { kind: 'registered-stage'; name: string; stage: string }
  | { kind: 'logged-model'; modelId: string }
  | { kind: 'run'; runId: string; artifactPath: string }
  | { kind: 'artifact'; uri: string; runId?: string; artifactPath?: string };

/**
 * Parses a model version `source`: `models:/<name>/<version|stage>`, `models:/<name>@<alias>`,
 * `models:/<logged model id>` (MLflow 3), `runs:/<run id>/<path>`, or an artifact location
 * (`/mlruns/1/<run id>/artifacts/model`, `s3://...`, `dbfs:/...`).
 */
export function parseModelSource(source: string): ParsedSource {
  const models = /^models:\/+(.+)$/.exec(source);
  if (models) {
    const rest = models[1]!;
    const at = rest.lastIndexOf('@');
    if (at > 0 && !rest.slice(at).includes('/')) return { kind: 'registered-alias', name: rest.slice(0, at), alias: rest.slice(at + 1) };
    const slash = rest.lastIndexOf('/');
    if (slash > 0) {
      const name = rest.slice(0, slash);
      const tail = rest.slice(slash + 1);
      return /^\d+$/.test(tail) ? { kind: 'registered-version', name, version: tail } : { kind: 'registered-stage', name, stage: tail };
    }
    return { kind: 'logged-model', modelId: rest };
  }
  const runs = /^runs:\/+([^/]+)\/?(.*)$/.exec(source);
  if (runs) return { kind: 'run', runId: runs[1]!, artifactPath: runs[2]! };
  // Artifact stores lay runs out as <root>/<experiment>/<run id>/artifacts/<path>.
  const art = /\/([0-9a-f]{32})\/artifacts\/(.+?)\/?$/.exec(source);
  if (art) return { kind: 'artifact', uri: source, runId: art[1]!, artifactPath: art[2]! };
  return { kind: 'artifact', uri: source };
}
