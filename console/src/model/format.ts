/** @module Small display helpers: ages as kubectl prints them, label maps, images. */
import type { PodTemplateSpec } from '../../../src/api/core/v1/types.ts';

/** age is kubectl's short duration since `timestamp` (e.g. `42s`, `5m`, `3h`, `2d`). */
export function age(timestamp: string | undefined, now = Date.now()): string {
  if (!timestamp) return '';
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** labelList renders a label map as `k=v` strings. */
export function labelList(labels: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
}

/** templateImages lists the images of the template's containers (init containers first). */
export function templateImages(t: PodTemplateSpec | undefined): string[] {
  const spec = t?.spec;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.image ?? '');
}

/** DescriptionAnnotation is the well-known annotation holding the description (seed 000: ≤ 512). */
export const DescriptionAnnotation = 'kubernetes.io/description';
