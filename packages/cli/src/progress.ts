/** A progress bar on stderr when it is a TTY; silent otherwise (CI logs, --json, pipes). */
export interface Progress {
  tick(n?: number, label?: string): void;
  setTotal(total: number): void;
  done(): void;
}

/** Creates a progress bar; `enabled` false gives a no-op. */
export function createProgress(options: { total?: number; label: string; enabled: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  let total = options.total ?? 0;
  let count = 0;
  let last = 0;
  let label = '';
  const render = (force = false) => {
    if (!options.enabled) return;
    const now = Date.now();
    if (!force && now - last < 80) return;
    last = now;
    const width = 28;
    const frac = total > 0 ? Math.min(1, count / total) : 0;
    const bar = total > 0 ? '█'.repeat(Math.round(frac * width)).padEnd(width, '░') : '';
    const nums = total > 0 ? `${count}/${total}` : `${count}`;
    stream.write(`\r\x1b[2K${options.label} ${bar} ${nums}${label ? ` ${label.slice(0, 50)}` : ''}`);
  };
  return {
    tick(n = 1, l) {
      count += n;
      if (l) label = l;
      render();
    },
    setTotal(t) {
      total = t;
      render(true);
    },
    done() {
      if (options.enabled) {
        render(true);
        stream.write('\n');
      }
    },
  };
}
