import type { Dataset, ModelCard } from '@modellake/card';
import { licenseInfo, normalizeLicense } from './licenses.js';
import { matchesGlob, type Policy, type RealityCheck, type RuleBase, type Severity } from './policy.js';
import type { Ancestor, Finding, FindingEvidence, InheritedObligation, PolicyEvaluation } from './findings.js';

/** What {@link evaluatePolicy} needs besides the card; everything optional, no I/O. */
export interface EvaluationContext {
  /** Ancestors of the model, nearest first (declared and detected). */
  ancestors?: Ancestor[];
  /** Current time (ISO 8601), for expiry of data-usage approvals; expiry is not checked without it. */
  now?: string;
  /** Findings the lineage engine raised about this model (e.g. `declared-parent-mismatch`), reported as `lineage.<code>`. */
  lineageFindings?: { code: string; message: string; details?: Record<string, unknown> }[];
  /** The version's approval status in the lake, to check the card's own `governance.status` claim. */
  approvalStatus?: string;
}

const ALL_REALITY_CHECKS: RealityCheck[] = ['parameters', 'dtypes', 'architecture', 'base-model', 'metric-sources', 'parent-datasets', 'status'];

/** Relations where the child carries the parent's weights (and so its training data). */
const SAME_WEIGHTS: ReadonlySet<string> = new Set(['quantized', 'conversion', 'version']);

type Emit = (rule: string, ruleBase: RuleBase | undefined, code: string, defaultSeverity: Severity, message: string, evidence: FindingEvidence) => void;

/**
 * Evaluates a policy against one card and its lineage context: policy rules, card-vs-reality checks
 * and license obligations inherited from ancestors. Pure: no I/O, no clock (time comes in `ctx.now`).
 */
export function evaluatePolicy(policy: Policy, card: ModelCard, ctx: EvaluationContext = {}): PolicyEvaluation {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const overrides = (policy.overrides ?? []).filter((o) => matchesGlob(card.id, o.match));
  const emit: Emit = (rule, base, code, def, message, evidence) => {
    let sev: Severity | 'off' = base?.severity ?? def;
    sev = policy.severities?.[code] ?? sev;
    for (const o of overrides) sev = o.severities?.[code] ?? sev;
    if (sev === 'off') return;
    const key = `${code}|${evidence.path ?? ''}|${evidence.ancestorId ?? ''}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ code, severity: sev, message, rule, evidence });
  };
  const applies = (base: RuleBase | undefined) =>
    base !== undefined && (!base.appliesTo || matchesGlob(card.id, base.appliesTo)) && !(base.except && matchesGlob(card.id, base.except));

  const rules = policy.rules ?? {};
  const ancestors = (ctx.ancestors ?? []).filter((a) => a.depth <= (rules.lineage?.maxDepth ?? Infinity));

  if (applies(rules.requiredFields)) checkRequiredFields(card, rules.requiredFields!, emit);
  if (applies(rules.licenses)) checkLicenses(card, rules.licenses!, emit);
  if (applies(rules.datasets)) checkDatasets(card, rules.datasets!, ctx, emit);
  (rules.biasChecks ?? []).forEach((r, i) => applies(r) && checkBias(card, r, `biasChecks[${i}]`, emit));
  (rules.metrics ?? []).forEach((r, i) => applies(r) && checkMetric(card, r, `metrics[${i}]`, emit));
  if (applies(rules.riskLevel)) checkRisk(card, rules.riskLevel!, emit);
  if (applies(rules.citation)) checkCitation(card, rules.citation!, emit);

  const lineage = rules.lineage ?? {};
  const obligations: InheritedObligation[] = [];
  if (applies(lineage)) checkLineage(card, lineage, ancestors, emit);
  if (applies(lineage) && lineage.inheritObligations !== false) obligations.push(...checkObligations(card, lineage, ancestors, emit));

  const reality = rules.cardVsReality ?? {};
  if (applies(reality) && reality.enabled !== false) {
    checkReality(card, reality, ancestors, emit);
    const claimed = card.governance?.status;
    if ((!reality.checks || reality.checks.includes('status')) && ctx.approvalStatus && (claimed === 'approved' || claimed === 'deprecated') && ctx.approvalStatus !== claimed) {
      emit('cardVsReality', reality, 'reality.status-unapproved', 'warning', `The card claims governance status \`${claimed}\` but this version is \`${ctx.approvalStatus}\` in the lake's approval workflow.`, { path: '/governance/status', expected: ctx.approvalStatus, actual: claimed });
    }
    if (!reality.checks || reality.checks.includes('base-model')) {
      for (const lf of ctx.lineageFindings ?? []) {
        const sev: Severity = /mismatch|contradict/.test(lf.code) ? 'error' : 'warning';
        const declared = lf.details?.declaredParent;
        const message = lf.message.startsWith('declares ') ? `The card ${lf.message}.` : lf.message;
        emit('cardVsReality', reality, `lineage.${lf.code}`, sev, message, { path: '/lineage/parents', ...(typeof declared === 'string' ? { ancestorId: declared } : {}), ...(lf.details ?? {}) });
      }
    }
  }

  const summary = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return { id: card.id, ...(card.version ? { version: card.version } : {}), findings, obligations, summary, passed: summary.error === 0 };
}

function get(card: ModelCard, dotted: string): unknown {
  let v: unknown = card;
  for (const seg of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

/** 8030261248 -> 8,030,261,248 (Intl formatting costs more than the whole rule evaluation). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const pointer = (dotted: string) => `/${dotted.replaceAll('.', '/')}`;
const lc = (s: string) => s.trim().toLowerCase();

function checkRequiredFields(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['requiredFields']>, emit: Emit) {
  for (const f of r.fields) {
    if (isEmpty(get(card, f))) emit('requiredFields', r, 'card.field-missing', 'error', `Required card field \`${f}\` is missing or empty.`, { path: pointer(f) });
  }
}

function checkLicenses(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['licenses']>, emit: Emit) {
  const lic = card.license;
  if (!lic) {
    if (r.required) emit('licenses', r, 'license.missing', 'error', 'The card declares no license.', { path: '/license' });
    return;
  }
  const n = normalizeLicense(lic);
  if (r.forbidden?.some((f) => normalizeLicense(f) === n)) {
    emit('licenses', r, 'license.forbidden', 'error', `License \`${lic}\` is forbidden by the policy.`, { path: '/license', actual: lic, expected: { not: r.forbidden } });
  } else if (r.allowed && !r.allowed.some((a) => normalizeLicense(a) === n)) {
    emit('licenses', r, 'license.not-allowed', 'error', `License \`${lic}\` is not in the allowed list (${r.allowed.join(', ')}).`, { path: '/license', actual: lic, expected: r.allowed });
  }
  if (r.forbidNonCommercialWhenCommercial && card.governance?.commercialUse === true && licenseInfo(lic)?.commercial === false) {
    emit('licenses', r, 'license.non-commercial', 'error', `The model is marked for commercial use but its own license \`${lic}\` forbids commercial use.`, { path: '/governance/commercialUse', actual: lic });
  }
}

function datasetMatches(d: Dataset, names: readonly string[]): boolean {
  const keys = [d.id, d.name].filter((k): k is string => !!k).map(lc);
  return names.some((n) => {
    const m = lc(n);
    return keys.some((k) => k === m || k.replace(/^[a-z]+:/, '') === m.replace(/^[a-z]+:/, '')) || (m.includes('*') && keys.some((k) => matchesGlob(k, [m])));
  });
}

function checkDatasets(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['datasets']>, ctx: EvaluationContext, emit: Emit) {
  const all = card.training?.datasets ?? [];
  all.forEach((d, i) => {
    if (r.roles && !(d.role && r.roles.includes(d.role))) return;
    const path = `/training/datasets/${i}`;
    const label = d.id ?? d.name;
    if (r.forbidden && datasetMatches(d, r.forbidden)) {
      emit('datasets', r, 'dataset.forbidden', 'error', `Dataset \`${label}\` is forbidden by the policy.`, { path, actual: label });
    } else if (r.approved && !datasetMatches(d, r.approved)) {
      emit('datasets', r, 'dataset.not-approved', 'error', `Dataset \`${label}\` is not on the approved list.`, { path, actual: label });
    }
    if (r.requireUsageApproval) {
      const approvals = (card.governance?.dataUsageApprovals ?? []).filter((a) => datasetMatches(d, [a.dataset]));
      if (approvals.length === 0) {
        emit('datasets', r, 'dataset.usage-approval-missing', 'error', `Dataset \`${label}\` has no data-usage approval in \`governance.dataUsageApprovals\`.`, { path, actual: label });
      } else if (ctx.now && approvals.every((a) => a.expires !== undefined && a.expires < ctx.now!)) {
        emit('datasets', r, 'dataset.usage-approval-expired', 'error', `The data-usage approval of dataset \`${label}\` expired on ${approvals[0]!.expires}.`, { path, actual: approvals.map((a) => a.expires) });
      }
    }
  });
}

function checkBias(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['biasChecks']>[number], rule: string, emit: Emit) {
  if (r.tasks && !(card.tasks ?? []).some((t) => r.tasks!.map(lc).includes(lc(t)))) return;
  if (r.riskLevels && !(card.governance?.riskLevel && r.riskLevels.includes(card.governance.riskLevel))) return;
  const checks = card.governance?.biasChecks ?? [];
  for (const name of r.required) {
    const i = checks.findIndex((c) => lc(c.name) === lc(name));
    const c = checks[i];
    const why = r.tasks ? ` for task ${r.tasks.join('/')}` : r.riskLevels ? ` at risk level ${card.governance?.riskLevel}` : '';
    if (!c) emit(rule, r, 'bias.check-missing', 'error', `Required bias check \`${name}\`${why} is missing.`, { path: '/governance/biasChecks', expected: name });
    else if (c.status === 'failed') emit(rule, r, 'bias.check-failed', 'error', `Bias check \`${name}\` failed${c.value !== undefined ? ` (${c.metric ?? 'value'} ${c.value}, threshold ${c.threshold ?? '?'})` : ''}.`, { path: `/governance/biasChecks/${i}`, actual: c.status });
    else if (c.status === 'pending') emit(rule, r, 'bias.check-pending', 'warning', `Bias check \`${name}\` is still pending.`, { path: `/governance/biasChecks/${i}`, actual: c.status });
    else if (c.status === 'waived' && !r.allowWaived) emit(rule, r, 'bias.check-waived', 'warning', `Bias check \`${name}\` was waived, which the policy does not allow.`, { path: `/governance/biasChecks/${i}`, actual: c.status });
  }
}

function checkMetric(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['metrics']>[number], rule: string, emit: Emit) {
  let found = 0;
  (card.evaluation?.results ?? []).forEach((res, i) => {
    if (r.task && ![res.task.type, res.task.name].some((t) => t && lc(t) === lc(r.task!))) return;
    if (r.dataset && ![res.dataset?.name, res.dataset?.type].some((t) => t && lc(t) === lc(r.dataset!))) return;
    res.metrics.forEach((m, j) => {
      if (![m.type, m.name].some((t) => t && lc(t) === lc(r.metric))) return;
      const value = typeof m.value === 'number' ? m.value : Number.parseFloat(String(m.value));
      if (!Number.isFinite(value)) return;
      found++;
      const path = `/evaluation/results/${i}/metrics/${j}/value`;
      const where = `${res.dataset?.name ? ` on ${res.dataset.name}` : ''}`;
      if (r.min !== undefined && value < r.min) emit(rule, r, 'metric.below-min', 'error', `Metric \`${r.metric}\`${where} is ${value}, below the minimum ${r.min}.`, { path, actual: value, expected: { min: r.min } });
      if (r.max !== undefined && value > r.max) emit(rule, r, 'metric.above-max', 'error', `Metric \`${r.metric}\`${where} is ${value}, above the maximum ${r.max}.`, { path, actual: value, expected: { max: r.max } });
    });
  });
  if (found === 0 && r.required) emit(rule, r, 'metric.missing', 'error', `No result for required metric \`${r.metric}\`${r.task ? ` (task ${r.task})` : ''}${r.dataset ? ` on ${r.dataset}` : ''}.`, { path: '/evaluation/results', expected: r.metric });
}

function checkRisk(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['riskLevel']>, emit: Emit) {
  const level = card.governance?.riskLevel;
  if (!level) {
    if (r.required) emit('riskLevel', r, 'risk.level-missing', 'error', 'The card declares no `governance.riskLevel`.', { path: '/governance/riskLevel' });
  } else if (r.forbidden?.includes(level)) {
    emit('riskLevel', r, 'risk.level-forbidden', 'error', `Risk level \`${level}\` is not acceptable under this policy.`, { path: '/governance/riskLevel', actual: level });
  }
}

function checkCitation(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['citation']>, emit: Emit) {
  if (r.requireAuthors && !card.authors?.length && !card.organisation) {
    emit('citation', r, 'citation.authors-missing', 'warning', 'The card names no authors or organisation, so the model cannot be cited properly.', { path: '/authors' });
  }
  if (r.requireDatasetReferences) {
    (card.training?.datasets ?? []).forEach((d, i) => {
      if (!d.citation && !d.uri && !d.id) emit('citation', r, 'citation.dataset-reference-missing', 'warning', `Dataset \`${d.name}\` has no id, uri or citation.`, { path: `/training/datasets/${i}` });
    });
  }
}

function ancestorLicense(a: Ancestor): string | undefined {
  return a.card?.license;
}

function checkLineage(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['lineage']>, ancestors: Ancestor[], emit: Emit) {
  for (const a of ancestors) {
    const lic = ancestorLicense(a);
    const ev = { ancestorId: a.id, ancestorPath: a.path };
    if (r.noNonCommercialAncestorsForCommercial && card.governance?.commercialUse === true && lic && licenseInfo(lic)?.commercial === false) {
      emit('lineage', r, 'lineage.non-commercial-ancestor', 'error', `The model is marked for commercial use but its ancestor \`${a.id}\` is under the non-commercial license \`${lic}\`.`, { ...ev, path: '/governance/commercialUse', actual: lic });
    }
    if (lic && r.forbiddenAncestorLicenses?.some((f) => normalizeLicense(f) === normalizeLicense(lic))) {
      emit('lineage', r, 'lineage.forbidden-ancestor-license', 'error', `Ancestor \`${a.id}\` is under the forbidden license \`${lic}\`.`, { ...ev, actual: lic });
    }
    if (r.requireParentsInLake && a.depth === 1 && a.origin === 'declared' && !a.card) {
      emit('lineage', r, 'lineage.parent-not-in-lake', 'warning', `Declared parent \`${a.id}\` is not in the lake, so its license and data cannot be checked.`, { ...ev, path: '/lineage/parents' });
    }
  }
}

/** Finds the obligations inherited from ancestors and the conflicts of the model's own license with them. */
function checkObligations(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['lineage']>, ancestors: Ancestor[], emit: Emit): InheritedObligation[] {
  const out: InheritedObligation[] = [];
  const own = card.license ? licenseInfo(card.license) : undefined;
  const ownId = card.license ? normalizeLicense(card.license) : undefined;
  for (const a of ancestors) {
    const lic = ancestorLicense(a);
    const info = licenseInfo(lic);
    if (!lic || !info) continue;
    if (info.obligations.length > 0) out.push({ ancestorId: a.id, license: info.id, obligations: info.obligations });
    const ev = { ancestorId: a.id, ancestorPath: a.path, path: '/license', expected: info.id, actual: card.license ?? null };
    if (!card.license) {
      if (info.shareAlike || info.family || !info.commercial) {
        emit('lineage', r, 'license.inherited-undeclared', 'warning', `The model declares no license but inherits the terms of \`${info.id}\` from ancestor \`${a.id}\`.`, ev);
      }
      continue;
    }
    if (ownId === info.id) continue;
    let conflict: string | undefined;
    if (info.family && own?.family !== info.family) conflict = `derivatives of \`${a.id}\` must stay under the ${info.name} (${info.family} family) terms`;
    else if (!info.family && info.shareAlike) conflict = `derivatives of \`${a.id}\` must be shared under \`${info.id}\``;
    else if (!info.commercial && (own === undefined || own.commercial)) conflict = `\`${a.id}\` is under the non-commercial license \`${info.id}\`, which a derivative cannot relicense for commercial use`;
    if (conflict) {
      emit('lineage', r, 'license.obligation-conflict', 'error', `License \`${card.license}\` conflicts with inherited obligations: ${conflict}.`, ev);
    }
  }
  if (out.length > 0) {
    const lines = out.map((o) => `${o.license} from ${o.ancestorId}: ${o.obligations.join('; ')}`);
    emit('lineage', r, 'license.obligations-inherited', 'info', `Inherited obligations: ${lines.join(' | ')}.`, { ancestorId: out[0]!.ancestorId, obligations: out });
  }
  return out;
}

const DTYPE_ALIASES: Record<string, string> = {
  float32: 'f32', fp32: 'f32', f32: 'f32', float: 'f32',
  float16: 'f16', fp16: 'f16', f16: 'f16', half: 'f16',
  bfloat16: 'bf16', bf16: 'bf16',
  float64: 'f64', fp64: 'f64', f64: 'f64', double: 'f64',
  int8: 'i8', i8: 'i8', uint8: 'u8', u8: 'u8', int16: 'i16', i16: 'i16', int32: 'i32', i32: 'i32', int64: 'i64', i64: 'i64',
  bool: 'bool', f8_e4m3: 'f8_e4m3', float8_e4m3fn: 'f8_e4m3', f8_e5m2: 'f8_e5m2', float8_e5m2: 'f8_e5m2',
};
const normDtype = (d: string) => {
  const k = lc(d).replace(/^torch\./, '');
  return DTYPE_ALIASES[k] ?? k;
};
const normName = (s: string) => lc(s).replace(/[^a-z0-9]/g, '');
const stripSource = (id: string) => lc(id).replace(/^hf:/, '');

function checkReality(card: ModelCard, r: NonNullable<NonNullable<Policy['rules']>['cardVsReality']>, ancestors: Ancestor[], emit: Emit) {
  const checks = new Set(r.checks ?? ALL_REALITY_CHECKS);
  const fp = card.fingerprint;
  const arch = card.architecture;
  const rule = 'cardVsReality';

  if (checks.has('parameters') && fp?.architecture.parameters && arch?.parameters) {
    const tol = r.parameterTolerance ?? 0.01;
    const real = fp.architecture.parameters;
    if (Math.abs(arch.parameters - real) / real > tol) {
      emit(rule, r, 'reality.parameters-mismatch', 'error', `The card declares ${thousands(arch.parameters)} parameters but the files hold ${thousands(real)}.`, { path: '/architecture/parameters', expected: real, actual: arch.parameters, fingerprint: '/fingerprint/architecture/parameters' });
    }
  }
  if (checks.has('dtypes') && arch?.dtypes?.length) {
    const real = new Set((fp?.architecture.dtypes ?? fp?.tensors?.map((t) => t.dtype) ?? []).map(normDtype));
    if (real.size > 0) {
      const missing = arch.dtypes.filter((d) => !real.has(normDtype(d)));
      if (missing.length > 0) {
        emit(rule, r, 'reality.dtypes-mismatch', 'error', `The card declares dtype ${missing.join(', ')} but the files hold ${[...real].join(', ')}.`, { path: '/architecture/dtypes', expected: [...real], actual: arch.dtypes });
      }
    }
  }
  if (checks.has('architecture') && fp) {
    const modelType = fp.architecture.modelType;
    if (modelType && arch?.family) {
      const a = normName(arch.family);
      const b = normName(modelType);
      if (a && b && !a.includes(b) && !b.includes(a)) {
        emit(rule, r, 'reality.architecture-mismatch', 'error', `The card declares architecture family \`${arch.family}\` but the files are a \`${modelType}\` model.`, { path: '/architecture/family', expected: modelType, actual: arch.family });
      }
    }
    const cfg = fp.architecture.config as { architectures?: unknown } | undefined;
    const classes = Array.isArray(cfg?.architectures) ? cfg.architectures.filter((x): x is string => typeof x === 'string') : [];
    if (arch?.type && classes.length > 0 && !classes.some((c) => normName(c) === normName(arch.type!))) {
      emit(rule, r, 'reality.architecture-mismatch', 'error', `The card declares model class \`${arch.type}\` but the files' config names ${classes.join(', ')}.`, { path: '/architecture/type', expected: classes, actual: arch.type });
    }
  }
  if (checks.has('base-model')) {
    const declared = card.lineage?.parents ?? [];
    const adapterBase = fp?.adapter?.baseModel;
    if (adapterBase && declared.length > 0 && !declared.some((p) => stripSource(p.id) === stripSource(adapterBase))) {
      emit(rule, r, 'reality.base-model-mismatch', 'error', `The card declares base model ${declared.map((p) => `\`${p.id}\``).join(', ')} but the adapter files name \`${adapterBase}\`.`, { path: '/lineage/parents', expected: adapterBase, actual: declared.map((p) => p.id) });
    }
    const detected = ancestors.filter((a) => a.origin === 'detected' && a.depth === 1 && (a.confidence ?? 0) >= 0.9);
    const known = new Set(ancestors.filter((a) => a.origin === 'declared').map((a) => stripSource(a.id)));
    if (declared.length > 0 && detected.length > 0 && !detected.some((d) => known.has(stripSource(d.id)))) {
      emit(rule, r, 'reality.base-model-mismatch', 'error', `The card declares base model ${declared.map((p) => `\`${p.id}\``).join(', ')} but the weights point to ${detected.map((d) => `\`${d.id}\``).join(', ')}.`, { path: '/lineage/parents', ancestorId: detected[0]!.id, expected: detected.map((d) => d.id), actual: declared.map((p) => p.id), confidence: detected[0]!.confidence });
    }
    for (const a of ancestors) {
      if (a.depth !== 1 || a.origin !== 'declared' || !a.card?.fingerprint || !fp) continue;
      if (!['finetune', 'continued-pretraining', 'version'].includes(String(a.relation ?? ''))) continue;
      const pa = a.card.fingerprint.architecture;
      if (pa.signature !== fp.architecture.signature && pa.tensorCount !== undefined && fp.architecture.tensorCount !== undefined && pa.tensorCount !== fp.architecture.tensorCount) {
        emit(rule, r, 'reality.base-model-mismatch', 'warning', `The card declares a ${a.relation} of \`${a.id}\` but the tensor layouts differ (${fp.architecture.tensorCount} vs ${pa.tensorCount} tensors).`, { path: '/lineage/parents', ancestorId: a.id, expected: pa.signature, actual: fp.architecture.signature });
      }
    }
  }
  if (checks.has('metric-sources')) {
    (card.evaluation?.results ?? []).forEach((res, i) => {
      if (res.source?.url || res.source?.name || res.metrics.every((m) => m.verified)) return;
      emit(rule, r, 'reality.metric-without-source', 'warning', `Evaluation result ${i} (${res.task.type}${res.dataset ? ` on ${res.dataset.name}` : ''}) claims ${res.metrics.map((m) => m.type).join(', ')} without an evaluation source.`, { path: `/evaluation/results/${i}` });
    });
  }
  if (checks.has('parent-datasets')) {
    const mine = card.training?.datasets ?? [];
    for (const a of ancestors) {
      if (a.depth !== 1 || !a.card) continue;
      for (const d of a.card.training?.datasets ?? []) {
        if (d.role === 'evaluation' || d.role === 'validation') continue;
        const keys = [d.id, d.name].filter((k): k is string => !!k);
        if (datasetMatches(d, mine.flatMap((m) => [m.id, m.name].filter((k): k is string => !!k))) || mine.some((m) => datasetMatches(m, keys))) continue;
        const sev: Severity = SAME_WEIGHTS.has(String(a.relation ?? '')) ? 'warning' : 'info';
        emit(rule, r, 'reality.parent-dataset-missing', sev, `Parent \`${a.id}\` declares dataset \`${d.id ?? d.name}\` that this ${a.relation ?? 'derived'} model does not list.`, { path: '/training/datasets', ancestorId: a.id, expected: d.id ?? d.name });
      }
    }
  }
}
