/** @module Field errors as upstream's field.ErrorList: validation returns all of them, never throws. */

/** FieldErrorType mirrors field.ErrorType; the values are the wire `reason` of a StatusCause. */
export const FieldErrorType = {
  NotFound: 'FieldValueNotFound',
  Required: 'FieldValueRequired',
  Duplicate: 'FieldValueDuplicate',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  Internal: 'InternalError',
  TypeInvalid: 'FieldValueTypeInvalid',
} as const;
/** FieldErrorType is one of the field error reasons. */
export type FieldErrorType = (typeof FieldErrorType)[keyof typeof FieldErrorType];

/** FieldError is one validation problem at a field path such as `spec.template.spec.containers[0].name`. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The offending value, rendered like upstream (`Invalid value: "x": detail`). */
  value?: unknown;
  detail?: string;
  /** For NotSupported: the allowed values. */
  supported?: readonly string[];
}

/** fieldErrorMessage renders an error like upstream's `(*field.Error).ErrorBody()`. */
export function fieldErrorMessage(e: FieldError): string {
  switch (e.type) {
    case FieldErrorType.Required:
      return e.detail ? `Required value: ${e.detail}` : 'Required value';
    case FieldErrorType.Forbidden:
      return e.detail ? `Forbidden: ${e.detail}` : 'Forbidden';
    case FieldErrorType.TooLong:
      return e.detail ? `Too long: ${e.detail}` : 'Too long';
    case FieldErrorType.TooMany:
      return e.detail ? `Too many: ${e.detail}` : 'Too many';
    case FieldErrorType.Internal:
      return `Internal error: ${e.detail ?? ''}`;
    case FieldErrorType.NotSupported: {
      const supported = e.supported ? e.supported.map((s) => JSON.stringify(s)).join(', ') : '';
      return `Unsupported value: ${renderValue(e.value)}${supported ? `: supported values: ${supported}` : ''}`;
    }
    case FieldErrorType.Duplicate:
      return `Duplicate value: ${renderValue(e.value)}`;
    case FieldErrorType.NotFound:
      return `Not found: ${renderValue(e.value)}`;
    case FieldErrorType.Invalid:
    case FieldErrorType.TypeInvalid: {
      const prefix = e.type === FieldErrorType.Invalid ? 'Invalid value' : 'Invalid value';
      const value = e.value === undefined ? '' : `: ${renderValue(e.value)}`;
      return `${prefix}${value}${e.detail ? `: ${e.detail}` : ''}`;
    }
  }
}

function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

/** Helpers that build FieldErrors, named after upstream's field.Required, field.Invalid, … */
export const field = {
  required: (path: string, detail?: string): FieldError => ({
    type: FieldErrorType.Required,
    field: path,
    ...(detail ? { detail } : {}),
  }),
  invalid: (path: string, value: unknown, detail?: string): FieldError => ({
    type: FieldErrorType.Invalid,
    field: path,
    value,
    ...(detail ? { detail } : {}),
  }),
  notSupported: (path: string, value: unknown, supported: readonly string[]): FieldError => ({
    type: FieldErrorType.NotSupported,
    field: path,
    value,
    supported,
  }),
  forbidden: (path: string, detail: string): FieldError => ({
    type: FieldErrorType.Forbidden,
    field: path,
    detail,
  }),
  duplicate: (path: string, value: unknown): FieldError => ({
    type: FieldErrorType.Duplicate,
    field: path,
    value,
  }),
  notFound: (path: string, value: unknown): FieldError => ({
    type: FieldErrorType.NotFound,
    field: path,
    value,
  }),
  tooLong: (path: string, value: unknown, max: number): FieldError => ({
    type: FieldErrorType.TooLong,
    field: path,
    value,
    detail: `may not be more than ${max} bytes`,
  }),
  tooMany: (path: string, actual: number, max: number): FieldError => ({
    type: FieldErrorType.TooMany,
    field: path,
    value: actual,
    detail: `must have at most ${max} items`,
  }),
};
