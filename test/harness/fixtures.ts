/** @module The manifests under test/fixtures that the e2e tests share. */
import { resolve } from 'node:path';

/** The fixtures folder. */
export const fixtures = resolve(import.meta.dirname, '../fixtures');

/** The DaemonSet manifests of the seed documents (and the PriorityClass one of them needs). */
export const seedManifests = [
  'fluentd-elasticsearch.yaml',
  'fluentd-logging.yaml',
  'hwameistor.yaml',
  'high-priority.yaml',
  'hello-daemonset.yaml',
] as const;
