/** @module Tests of required node affinity matching. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, NodeSelectorTerm, PodSpec } from '../types.ts';
import {
  nodeMatchesNodeSelectorTerms,
  podMatchesNodeSelectorAndAffinityTerms,
} from './node-affinity.ts';

const node: Node = { metadata: { name: 'node-1', labels: { zone: 'a', cpus: '8', gpu: '' } } };

describe('nodeMatchesNodeSelectorTerms', () => {
  const cases: { name: string; terms: NodeSelectorTerm[]; want: boolean }[] = [
    {
      name: 'In matches a listed value',
      terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }],
      want: true,
    },
    {
      name: 'In does not match a missing label',
      terms: [{ matchExpressions: [{ key: 'rack', operator: 'In', values: ['a'] }] }],
      want: false,
    },
    {
      name: 'In with no values is malformed and does not match',
      terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: [] }] }],
      want: false,
    },
    {
      name: 'NotIn matches a missing label',
      terms: [{ matchExpressions: [{ key: 'rack', operator: 'NotIn', values: ['a'] }] }],
      want: true,
    },
    {
      name: 'NotIn does not match a listed value',
      terms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }],
      want: false,
    },
    {
      name: 'Exists matches an empty-valued label',
      terms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }],
      want: true,
    },
    {
      name: 'Exists with values is malformed',
      terms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists', values: ['x'] }] }],
      want: false,
    },
    {
      name: 'DoesNotExist matches a missing label',
      terms: [{ matchExpressions: [{ key: 'rack', operator: 'DoesNotExist' }] }],
      want: true,
    },
    {
      name: 'Gt compares integers',
      terms: [{ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['4'] }] }],
      want: true,
    },
    {
      name: 'Lt compares integers',
      terms: [{ matchExpressions: [{ key: 'cpus', operator: 'Lt', values: ['4'] }] }],
      want: false,
    },
    {
      name: 'Gt with a non-integer operand is malformed',
      terms: [{ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['x'] }] }],
      want: false,
    },
    {
      name: 'Gt against a non-integer label does not match',
      terms: [{ matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] }],
      want: false,
    },
    {
      name: 'matchFields In on metadata.name matches the node name',
      terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }],
      want: true,
    },
    {
      name: 'matchFields NotIn on metadata.name excludes the node',
      terms: [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] }],
      want: false,
    },
    {
      name: 'matchFields with two values is malformed',
      terms: [
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1', 'node-2'] }] },
      ],
      want: false,
    },
    {
      name: 'expressions and fields in a term are ANDed',
      terms: [
        {
          matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }],
          matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }],
        },
      ],
      want: false,
    },
    {
      name: 'terms are ORed',
      terms: [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      ],
      want: true,
    },
    {
      name: 'a malformed term does not stop a later term from matching',
      terms: [
        { matchExpressions: [{ key: 'zone', operator: 'Bogus' }] },
        { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] },
      ],
      want: true,
    },
    { name: 'an empty term selects nothing', terms: [{}], want: false },
    { name: 'no terms select nothing', terms: [], want: false },
  ];
  for (const c of cases)
    it(c.name, () => assert.equal(nodeMatchesNodeSelectorTerms(node, c.terms), c.want));
});

describe('podMatchesNodeSelectorAndAffinityTerms', () => {
  const required = (terms: NodeSelectorTerm[]): NonNullable<PodSpec['affinity']> => ({
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
  });
  const cases: { name: string; spec: Pick<PodSpec, 'nodeSelector' | 'affinity'>; want: boolean }[] =
    [
      { name: 'no selector and no affinity match every node', spec: {}, want: true },
      {
        name: 'a matching nodeSelector matches',
        spec: { nodeSelector: { zone: 'a' } },
        want: true,
      },
      {
        name: 'a nodeSelector with a missing label does not match',
        spec: { nodeSelector: { rack: '' } },
        want: false,
      },
      {
        name: 'nodeSelector and affinity are ANDed',
        spec: {
          nodeSelector: { zone: 'a' },
          affinity: required([
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
          ]),
        },
        want: false,
      },
      {
        name: 'required affinity with zero terms matches nothing',
        spec: { affinity: required([]) },
        want: false,
      },
      {
        name: 'preferred-only affinity does not restrict',
        spec: {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 1,
                  preference: {
                    matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }],
                  },
                },
              ],
            },
          },
        },
        want: true,
      },
    ];
  for (const c of cases)
    it(c.name, () => assert.equal(podMatchesNodeSelectorAndAffinityTerms(c.spec, node), c.want));
});
