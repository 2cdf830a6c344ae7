/** @module Namespace validation (upstream `ValidateNamespace`, `...Update`, `...FinalizeUpdate`). */
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  isQualifiedName,
  nameIsDNSLabel,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../meta/validation.ts';
import type { Namespace } from './types.ts';

/** validateFinalizerName accepts `kubernetes` or a fully qualified `domain/name`. */
export function validateFinalizerName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => field.invalid(path, name, m));
  if (!name.includes('/') && name !== 'kubernetes') {
    errs.push(
      field.invalid(
        path,
        name,
        'name is neither a standard finalizer name nor is it fully qualified',
      ),
    );
  }
  return errs;
}

function validateSpecFinalizers(ns: Namespace): FieldError[] {
  return (ns.spec?.finalizers ?? []).flatMap((f, i) =>
    validateFinalizerName(f, `spec.finalizers[${i}]`),
  );
}

/** validateNamespace checks the DNS-label name and spec.finalizers. */
export function validateNamespace(ns: Namespace): FieldError[] {
  return [
    ...validateObjectMeta(ns.metadata, { namespaced: false, nameFn: nameIsDNSLabel }, 'metadata'),
    ...validateSpecFinalizers(ns),
  ];
}

/** validateNamespaceUpdate validates metadata changes (spec and status are kept by the strategy). */
export function validateNamespaceUpdate(next: Namespace, prev: Namespace): FieldError[] {
  return validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata');
}

/** validateNamespaceFinalizeUpdate validates `namespaces/{name}/finalize`. */
export function validateNamespaceFinalizeUpdate(next: Namespace, prev: Namespace): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, prev.metadata, 'metadata'),
    ...validateSpecFinalizers(next),
  ];
}
