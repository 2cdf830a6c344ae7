/**
 * @module Builds the OpenAPI v3 path items of one served resource, shaped like upstream's
 * (operation ids, `x-kubernetes-action`, `x-kubernetes-group-version-kind`, query parameters).
 * kubectl only turns on server-side field validation when the PATCH operation of a kind carries
 * the kind's GVK and a `fieldValidation` parameter, so those two details matter most.
 */
import {
  groupVersion,
  type GroupVersionKind,
  type ResourceInfo,
  type SubresourceInfo,
} from '../../api/scheme.ts';
import { refPrefix, schemaNameFor } from './schemas.ts';

type Json = Record<string, unknown>;

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ref = (name: string): Json => ({ $ref: `${refPrefix}${name}` });

function param(name: string, description: string, type = 'string'): Json {
  return { description, in: 'query', name, schema: { type, uniqueItems: true } };
}

const p = {
  pretty: param('pretty', "If 'true', then the output is pretty printed."),
  dryRun: param(
    'dryRun',
    'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: param(
    'fieldManager',
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.',
  ),
  fieldValidation: param(
    'fieldValidation',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered.',
  ),
  force: param(
    'force',
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
    'boolean',
  ),
  gracePeriodSeconds: param(
    'gracePeriodSeconds',
    'The duration in seconds before the object should be deleted.',
    'integer',
  ),
  propagationPolicy: param(
    'propagationPolicy',
    "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'.",
  ),
};

const listParams: Json[] = [
  param(
    'allowWatchBookmarks',
    'allowWatchBookmarks requests watch events with type "BOOKMARK".',
    'boolean',
  ),
  param(
    'continue',
    'The continue option should be set when retrieving more results from the server.',
  ),
  param(
    'fieldSelector',
    'A selector to restrict the list of returned objects by their fields. Defaults to everything.',
  ),
  param(
    'labelSelector',
    'A selector to restrict the list of returned objects by their labels. Defaults to everything.',
  ),
  param('limit', 'limit is a maximum number of responses to return for a list call.', 'integer'),
  param(
    'resourceVersion',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  param(
    'resourceVersionMatch',
    'resourceVersionMatch determines how resourceVersion is applied to list calls.',
  ),
  param(
    'sendInitialEvents',
    'sendInitialEvents=true may be set together with watch=true.',
    'boolean',
  ),
  param('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
  param(
    'watch',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
    'boolean',
  ),
];

function content(
  schema: Json,
  types: readonly string[] = ['application/json', 'application/yaml'],
): Json {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function responses(kindSchema: Json, codes: readonly string[]): Json {
  const text: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };
  const out: Json = Object.fromEntries(
    codes.map((c) => [c, { content: content(kindSchema), description: text[c] ?? 'OK' }]),
  );
  out['401'] = { description: 'Unauthorized' };
  return out;
}

const patchTypes = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

/** opBase names and tags one operation like upstream (`patchAppsV1NamespacedDaemonSetStatus`). */
interface OpContext {
  gvk: GroupVersionKind;
  tag: string;
  /** `AppsV1NamespacedDaemonSet`, `CoreV1Node`. */
  noun: string;
  body: Json;
}

function op(c: OpContext, verb: string, action: string, description: string, extra: Json): Json {
  return {
    description,
    operationId: `${verb}${c.noun}`,
    tags: [c.tag],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': {
      group: c.gvk.group,
      kind: c.gvk.kind,
      version: c.gvk.version,
    },
    ...extra,
  };
}

const writeParams = [p.dryRun, p.fieldManager, p.fieldValidation];

function patchOp(c: OpContext, what: string): Json {
  return op(c, 'patch', 'patch', `partially update ${what}`, {
    parameters: [...writeParams, p.force],
    requestBody: { content: content(ref(`${meta}.Patch`), patchTypes), required: true },
    responses: responses(c.body, ['200', '201']),
  });
}

function readOp(c: OpContext, what: string): Json {
  return op(c, 'read', 'get', `read ${what}`, { responses: responses(c.body, ['200']) });
}

function replaceOp(c: OpContext, what: string): Json {
  return op(c, 'replace', 'put', `replace ${what}`, {
    parameters: writeParams,
    requestBody: { content: content(c.body, ['*/*']), required: true },
    responses: responses(c.body, ['200', '201']),
  });
}

function pathParams(r: ResourceInfo, withName: boolean, kind = r.kind): Json[] {
  const out: Json[] = [];
  const pathParam = (name: string, description: string): Json => ({
    description,
    in: 'path',
    name,
    required: true,
    schema: { type: 'string', uniqueItems: true },
  });
  if (withName) out.push(pathParam('name', `name of the ${kind}`));
  if (r.namespaced)
    out.push(pathParam('namespace', 'object name and auth scope, such as for teams and projects'));
  out.push(p.pretty);
  return out;
}

function groupTitle(group: string): string {
  const first = group === '' ? 'core' : (group.split('.')[0] ?? group);
  return first.charAt(0).toUpperCase() + first.slice(1);
}

function context(
  r: ResourceInfo,
  gvk: GroupVersionKind,
  suffix: string,
  namespaced = r.namespaced,
): OpContext {
  const gvTitle = `${groupTitle(r.group)}${r.version.charAt(0).toUpperCase()}${r.version.slice(1)}`;
  const schema = schemaNameFor(groupVersion(gvk), gvk.kind);
  return {
    gvk,
    tag: `${groupTitle(r.group).toLowerCase()}_${r.version}`,
    noun: `${gvTitle}${namespaced ? 'Namespaced' : ''}${r.kind}${suffix}`,
    body: schema === undefined ? { type: 'object' } : ref(schema),
  };
}

/** resourcePaths returns the path items (`/apis/apps/v1/namespaces/{namespace}/daemonsets`, …) of one resource. */
export function resourcePaths(r: ResourceInfo): Record<string, Json> {
  const prefix = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const base = `${prefix}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const c = context(r, gvk, '');
  const has = (v: string): boolean => r.verbs.includes(v);
  const out: Record<string, Json> = {};
  const collection: Json = { parameters: pathParams(r, false) };
  const list = { ...c, body: schemaRef(r, r.listKind) };
  if (has('list'))
    collection['get'] = op(list, 'list', 'list', `list or watch objects of kind ${r.kind}`, {
      parameters: listParams,
      responses: responses(list.body, ['200']),
    });
  if (has('create')) {
    collection['post'] = op(c, 'create', 'post', `create a ${r.kind}`, {
      parameters: writeParams,
      requestBody: { content: content(c.body, ['*/*']), required: true },
      responses: responses(c.body, ['200', '201', '202']),
    });
  }
  if (has('deletecollection')) {
    collection['delete'] = op(
      { ...c, noun: c.noun.replace(r.kind, `Collection${r.kind}`) },
      'delete',
      'deletecollection',
      `delete collection of ${r.kind}`,
      {
        parameters: [p.dryRun, p.gracePeriodSeconds, p.propagationPolicy, ...listParams],
        requestBody: { content: content(ref(`${meta}.DeleteOptions`), ['*/*']) },
        responses: responses(ref(`${meta}.Status`), ['200']),
      },
    );
  }
  if (Object.keys(collection).length > 1) out[base] = collection;
  const item: Json = { parameters: pathParams(r, true) };
  const what = `the specified ${r.kind}`;
  if (has('get')) item['get'] = readOp(c, what);
  if (has('update')) item['put'] = replaceOp(c, what);
  if (has('patch')) item['patch'] = patchOp(c, what);
  if (has('delete')) {
    item['delete'] = op(c, 'delete', 'delete', `delete a ${r.kind}`, {
      parameters: [p.dryRun, p.gracePeriodSeconds, p.propagationPolicy],
      requestBody: { content: content(ref(`${meta}.DeleteOptions`), ['*/*']) },
      responses: responses(ref(`${meta}.Status`), ['200', '202']),
    });
  }
  if (Object.keys(item).length > 1) out[`${base}/{name}`] = item;
  if (r.namespaced && has('list')) {
    const all = { ...list, noun: `${c.noun.replace('Namespaced', '')}ForAllNamespaces` };
    out[`${prefix}/${r.resource}`] = {
      get: op(all, 'list', 'list', `list or watch objects of kind ${r.kind}`, {
        responses: responses(list.body, ['200']),
      }),
      parameters: [...listParams, p.pretty],
    };
  }
  for (const sub of r.subresources) out[`${base}/{name}/${sub.name}`] = subresourcePath(r, sub);
  return out;
}

function schemaRef(r: ResourceInfo, kind: string): Json {
  const name = schemaNameFor(groupVersion(r), kind);
  return name === undefined ? { type: 'object' } : ref(name);
}

function subresourcePath(r: ResourceInfo, sub: SubresourceInfo): Json {
  const suffix = sub.name.charAt(0).toUpperCase() + sub.name.slice(1);
  const c = context(r, sub.kind, suffix);
  const what = `${sub.name} of the specified ${r.kind}`;
  const item: Json = { parameters: pathParams(r, true, `the ${sub.kind.kind}`) };
  if (sub.verbs.includes('get')) {
    item['get'] =
      sub.name === 'log'
        ? op(c, 'read', 'get', `read log of the specified ${r.kind}`, {
            responses: {
              '200': { content: content({ type: 'string' }, ['text/plain']), description: 'OK' },
            },
          })
        : readOp(c, what);
  }
  if (sub.verbs.includes('update')) item['put'] = replaceOp(c, what);
  if (sub.verbs.includes('patch')) item['patch'] = patchOp(c, what);
  if (sub.verbs.includes('create')) {
    item['post'] = op(c, 'create', 'post', `create ${sub.name} of a ${r.kind}`, {
      parameters: writeParams,
      requestBody: { content: content(c.body, ['*/*']), required: true },
      responses: responses(c.body, ['200', '201', '202']),
    });
  }
  return item;
}
