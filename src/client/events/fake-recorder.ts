/** @module FakeRecorder: an EventRecorder for controller tests that keeps `"<type> <reason> <message>"` strings. */
import type { EventRecorder } from './event-recorder.ts';

/** FakeRecorder records events as strings, like client-go's `record.FakeRecorder`. */
export interface FakeRecorder extends EventRecorder {
  /** Every recorded event as `"<type> <reason> <message>"`, in order. */
  readonly events: string[];
}

/** createFakeRecorder builds an empty FakeRecorder. */
export function createFakeRecorder(): FakeRecorder {
  const events: string[] = [];
  return {
    events,
    event: (_obj, type, reason, message) => void events.push(`${type} ${reason} ${message}`),
  };
}
