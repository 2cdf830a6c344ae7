/** @module A progress ticker on stderr: one line per interval while a benchmark runs. */

/** Progress prints `render()` every interval until stopped. */
export interface Progress {
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
  const timer = setInterval(() => {
    write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${render()}`);
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
