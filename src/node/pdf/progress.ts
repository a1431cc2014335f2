/** Progress of an export: a stage name and, where there are steps, step i of n. */
export type Progress = (stage: string, done?: number, total?: number) => void;

export interface ProgressLine {
  update: Progress;
  /** Whether anything is shown (a terminal, not CI): the exporter reports the page's steps only then. */
  live: boolean;
  /** Clears the line. */
  end(): void;
}

/** CI=true (or any value but "false"/"0") means a log, not a terminal. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * One self-rewriting status line on a terminal ("printing slides.pdf 12 / 32"); nothing at all when
 * the stream is not a TTY or when running in CI, so logs stay clean.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  if (!stream.isTTY || isCi()) return { update: () => undefined, live: false, end: () => undefined };
  const started = performance.now();
  let shown = false;
  return {
    live: true,
    update(stage, done, total) {
      const steps = done !== undefined && total !== undefined ? ` ${done} / ${total}` : '';
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(`\r\x1b[K${stage}${steps} (${secs} s)`);
      shown = true;
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
