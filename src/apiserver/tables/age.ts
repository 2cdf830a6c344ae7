/** @module Upstream's age formatting: `duration.HumanDuration` and `translateTimestampSince`. */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/**
 * humanDuration renders a duration the way kubectl's AGE column does (`6s`, `3m2s`, `5h`, `3d`,
 * `2y45d`), port of k8s.io/apimachinery/pkg/util/duration.HumanDuration. Up to one second in the
 * future counts as `0s` (clock skew); further is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / minute);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / hour);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * formatAge renders the time since an RFC 3339 timestamp as `humanDuration`, or `<unknown>` when
 * the timestamp is absent or unparsable (upstream's zero time).
 */
export function formatAge(fromIso: string | null | undefined, now: number): string {
  if (!fromIso) return '<unknown>';
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return '<unknown>';
  return humanDuration(now - from);
}
