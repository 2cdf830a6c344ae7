/** @module Go-style duration strings (`200ms`, `40s`, `1m30s`) as Kubernetes flags and annotations use them. */

const units: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** parseGoDuration converts `1m30s` or `200ms` to milliseconds; undefined when malformed. */
export function parseGoDuration(s: string): number | undefined {
  const v = s.trim();
  if (v === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
    consumed = re.lastIndex;
  }
  return consumed === v.length && consumed > 0 ? total : undefined;
}

/** parseDuration is parseGoDuration for flags: it throws on malformed input. */
export function parseDuration(s: string): number {
  const ms = parseGoDuration(s);
  if (ms === undefined) throw new Error(`invalid duration ${JSON.stringify(s)}`);
  return ms;
}
