/** @module A progress ticker on stderr: one line per interval while a benchmark runs. */

/** Progress prints `render()` every interval until stopped. */
export interface Progress {
  /** Prints a line now (on phase changes, so each phase shows even when it is short). */
  tick(): void;
  stop(): void;
}

/**
 * startProgress prints `[<elapsed>s] <render()>` through `write` every `intervalMs`. The timer is
 * unref'd so a forgotten ticker never keeps the process alive.
 */
export function startProgress(
  write: (line: string) => void,
  render: () => string,
  intervalMs = 1000,
): Progress {
  const started = performance.now();
  const tick = (): void => {
    write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${render()}`);
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
