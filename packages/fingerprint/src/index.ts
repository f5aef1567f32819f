export { FingerprintError, type FingerprintErrorCode } from './errors.js';
export { FINGERPRINT_VERSION, FINGERPRINT_ALGORITHM, type Fingerprint, type TensorSketch } from './types.js';
export { SAFETENSORS_DTYPES, FLOAT_DTYPES, MANTISSA_BITS } from './dtypes.js';
export { openFileSource, openHttpSource, type ByteSource, type HttpSourceOptions } from './source.js';
export { readSafetensorsHeader, parseSafetensorsHeader, MAX_SAFETENSORS_HEADER, MAX_TENSORS, type SafetensorsHeader, type TensorEntry } from './safetensors.js';
export { readGgufHeader, ggufBaseModels, type GgufHeader, type GgufTensor, type GgufValue } from './gguf.js';
export { readHfConfig, readAdapterConfig, toAdapterConfig, readShardIndex, isLocalModelPath, type HfConfig, type AdapterConfig, type ShardIndex } from './readers.js';
export { architectureSignature, configSummary } from './signature.js';
export { samplePositions, SAMPLES_1D, GRID_SIDE, type SampleLayout } from './positions.js';
export { sketchTensors, encodeSamples, decodeSamples, valueHashOf, type TensorRange, type SketchOptions } from './sketch.js';
export { assembleFingerprint, fingerprintSafetensors, fingerprintGguf, fingerprintModelFolder, fingerprintUrl, type FingerprintInput, type ModelFolderFingerprint, type ModelFolderOptions, type FolderWarning } from './fingerprint.js';
export {
  compareFingerprints,
  fitMerge,
  coarseVector,
  probeVector,
  effectivePrecision,
  fingerprintPrecision,
  tensorSamples,
  type FingerprintComparison,
  type TensorComparison,
  type ComparisonSummary,
  type CompareOptions,
} from './compare.js';
export { rankProfile } from './linalg.js';
export { encodeSafetensors, toHalfBits, type TensorInput } from './encode.js';
