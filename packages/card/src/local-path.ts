/** A Hub repo id: `name` or `org/name` (letters, digits, `-`, `_`, `.`). */
const HUB_ID_RE = /^[\w.-]+(\/[\w.-]+)?$/;

/**
 * True when a PEFT `base_model_name_or_path` (or any declared base) is a filesystem path rather than
 * a model id: absolute, `./`, `../`, `~`, a Windows drive or UNC path, backslashes, a folder that
 * exists where the adapter was read (when `exists` is given), or anything else that is neither a
 * Hub repo id (`name`, `org/name`) nor an id with a scheme (`hf:org/name`, a URL).
 */
export function isLocalModelPath(value: string, exists?: (p: string) => boolean): boolean {
  const v = value.trim();
  if (v === '') return false;
  if (/^(\/|~(\/|\\|$)|\.{1,2}(\/|\\|$)|[A-Za-z]:[\\/]|\\\\)/.test(v) || v.includes('\\')) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(v)) return false;
  if (exists?.(v)) return true;
  return !HUB_ID_RE.test(v);
}
