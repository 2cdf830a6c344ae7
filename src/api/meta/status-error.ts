/** @module StatusError: an error carrying a metav1.Status, thrown by the server and surfaced by clients. */
import { type FieldError, fieldErrorMessage } from './field-error.ts';
import type { Status, StatusCause, StatusDetails } from './types.ts';

/** StatusReason lists the `reason` values we send (metav1.StatusReason). */
export const StatusReason = {
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Invalid: 'Invalid',
  BadRequest: 'BadRequest',
  Gone: 'Gone',
  Expired: 'Expired',
  MethodNotAllowed: 'MethodNotAllowed',
  UnsupportedMediaType: 'UnsupportedMediaType',
  RequestEntityTooLarge: 'RequestEntityTooLarge',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  TooManyRequests: 'TooManyRequests',
  InternalError: 'InternalError',
  NotAcceptable: 'NotAcceptable',
  Timeout: 'Timeout',
  ServiceUnavailable: 'ServiceUnavailable',
} as const;
/** StatusReason is one of the Status reasons. */
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

/** What a resource-scoped error names: `daemonsets.apps "x"` needs resource, group and name. */
export interface ResourceName {
  /** Plural resource, e.g. `daemonsets`. */
  resource: string;
  /** API group, '' for core. */
  group: string;
  name: string;
}

function qualified(r: { resource: string; group: string }): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** StatusError is an API error with its wire Status. */
export class StatusError extends Error {
  readonly status: Status;

  constructor(status: Status, options?: ErrorOptions) {
    super(status.message ?? status.reason ?? 'error', options);
    this.name = 'StatusError';
    this.status = status;
  }

  /** HTTP code of the status. */
  get code(): number {
    return this.status.code;
  }

  /** Reason of the status. */
  get reason(): string | undefined {
    return this.status.reason;
  }

  /** Builds a failure Status. */
  static of(
    code: number,
    reason: StatusReason,
    message: string,
    details?: StatusDetails,
  ): StatusError {
    return new StatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    });
  }

  static notFound(r: ResourceName): StatusError {
    return StatusError.of(404, StatusReason.NotFound, `${qualified(r)} "${r.name}" not found`, {
      name: r.name,
      group: r.group,
      kind: r.resource,
    });
  }

  static alreadyExists(r: ResourceName): StatusError {
    return StatusError.of(
      409,
      StatusReason.AlreadyExists,
      `${qualified(r)} "${r.name}" already exists`,
      {
        name: r.name,
        group: r.group,
        kind: r.resource,
      },
    );
  }

  static conflict(
    r: ResourceName,
    why = 'the object has been modified; please apply your changes to the latest version and try again',
  ): StatusError {
    return StatusError.of(
      409,
      StatusReason.Conflict,
      `Operation cannot be fulfilled on ${qualified(r)} "${r.name}": ${why}`,
      {
        name: r.name,
        group: r.group,
        kind: r.resource,
      },
    );
  }

  /** 422 Invalid, with every field error as a cause; `kind` is the Kind (`DaemonSet`). */
  static invalid(
    kind: string,
    group: string,
    name: string,
    errors: readonly FieldError[],
  ): StatusError {
    const causes: StatusCause[] = errors.map((e) => ({
      reason: e.type,
      message: fieldErrorMessage(e),
      field: e.field,
    }));
    const list = errors.map((e) => `${e.field}: ${fieldErrorMessage(e)}`);
    const summary = list.length === 1 ? (list[0] ?? '') : `[${list.join(', ')}]`;
    return StatusError.of(
      422,
      StatusReason.Invalid,
      `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${summary}`,
      {
        name,
        group,
        kind,
        causes,
      },
    );
  }

  static badRequest(message: string): StatusError {
    return StatusError.of(400, StatusReason.BadRequest, message);
  }

  static expired(message: string): StatusError {
    return StatusError.of(410, StatusReason.Expired, message);
  }

  static gone(message: string): StatusError {
    return StatusError.of(410, StatusReason.Gone, message);
  }

  static methodNotAllowed(message: string): StatusError {
    return StatusError.of(405, StatusReason.MethodNotAllowed, message);
  }

  static unsupportedMediaType(contentType: string): StatusError {
    return StatusError.of(
      415,
      StatusReason.UnsupportedMediaType,
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got ${JSON.stringify(contentType)})`,
    );
  }

  static tooLarge(message = 'Request entity too large: limit is 3145728'): StatusError {
    return StatusError.of(413, StatusReason.RequestEntityTooLarge, message);
  }

  static unauthorized(): StatusError {
    return StatusError.of(401, StatusReason.Unauthorized, 'Unauthorized');
  }

  static forbidden(message: string, details?: StatusDetails): StatusError {
    return StatusError.of(403, StatusReason.Forbidden, message, details);
  }

  static tooManyRequests(message: string, details?: StatusDetails): StatusError {
    return StatusError.of(429, StatusReason.TooManyRequests, message, details);
  }

  static internal(message: string): StatusError {
    return StatusError.of(500, StatusReason.InternalError, `Internal error occurred: ${message}`);
  }

  static notAcceptable(message: string): StatusError {
    return StatusError.of(406, StatusReason.NotAcceptable, message);
  }
}

/** isStatusError narrows unknown errors. */
export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

/** isNotFound reports a 404 StatusError. */
export function isNotFound(e: unknown): boolean {
  return e instanceof StatusError && e.code === 404;
}

/** isConflict reports a 409 Conflict (not AlreadyExists). */
export function isConflict(e: unknown): boolean {
  return e instanceof StatusError && e.code === 409 && e.reason === StatusReason.Conflict;
}

/** isAlreadyExists reports a 409 AlreadyExists. */
export function isAlreadyExists(e: unknown): boolean {
  return e instanceof StatusError && e.reason === StatusReason.AlreadyExists;
}
