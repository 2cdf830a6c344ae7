/** @module Wires the pure engines (patches, apply, schemas, tables) into the handlers' context. */
import { patchMetaFor } from '../api/patch-meta.ts';
import type { KubeObject } from '../api/meta/types.ts';
import type { ApiContext } from './context.ts';
import { checkUnknownFields, pruneUnknownFields } from './openapi/field-validation.ts';
import { createOpenApiV2 } from './openapi/openapi-v2.ts';
import { createOpenApiV3 } from './openapi/openapi-v3.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { updateManagedFields } from './patch/managed-fields.ts';
import { applyServerSideApply } from './patch/server-side-apply.ts';
import { applyStrategicMergePatch } from './patch/strategic-merge-patch.ts';
import type { OpenApiSource } from './router.ts';
import { buildTable } from './tables/index.ts';

/** createDefaultPlugins returns the engines every API server uses. */
export function createDefaultPlugins(): Pick<
  ApiContext,
  'fieldValidation' | 'patcher' | 'managedFields' | 'tables'
> & { openapi: OpenApiSource } {
  const v3 = createOpenApiV3();
  const v2 = createOpenApiV2();
  return {
    openapi: {
      root: () => v3.root(),
      document: (gvPath) => v3.document(gvPath),
      v2: (accept) => v2.negotiate(accept),
    },
    fieldValidation: {
      unknownFields: (apiVersion, kind, obj) => checkUnknownFields(apiVersion, kind, obj).unknown,
      prune: (apiVersion, kind, obj) => pruneUnknownFields(apiVersion, kind, obj),
    },
    patcher: {
      json: (doc, patch) => applyJsonPatch(doc, patch),
      merge: (doc, patch) => applyMergePatch(doc, patch),
      strategic: (doc, patch, apiVersion, kind) =>
        applyStrategicMergePatch(doc, patch, patchMetaFor(apiVersion, kind)),
    },
    managedFields: {
      update: (a) => updateManagedFields({ ...a, operation: 'Update' }) as KubeObject,
      apply: (a) =>
        applyServerSideApply({
          live: a.live,
          applied: a.applied,
          manager: a.manager,
          force: a.force,
          meta: patchMetaFor(a.apiVersion, a.kind),
          apiVersion: a.apiVersion,
          now: a.now,
          ...(a.subresource ? { subresource: a.subresource } : {}),
        }) as KubeObject,
    },
    tables: { build: (o) => buildTable(o) },
  };
}
