/**
 * @module core/v1 kinds served by everynode. Field types come from `kubernetes-types` (the
 * upstream OpenAPI rendered as TypeScript); kinds here require `metadata` because every stored
 * object has one.
 */
import type * as k from 'kubernetes-types/core/v1.js';
import type { Mutable, ObjectMeta } from '../../meta/types.ts';

export type {
  Affinity,
  Container,
  ContainerPort,
  ContainerStatus,
  EnvVar,
  NodeAffinity,
  NodeCondition,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  NodeSpec,
  NodeStatus,
  PodAffinity,
  PodAffinityTerm,
  PodAntiAffinity,
  PodCondition,
  PodSpec,
  PodStatus,
  PodTemplateSpec,
  PreferredSchedulingTerm,
  Probe,
  ResourceRequirements,
  ServicePort,
  ServiceSpec,
  Taint,
  Toleration,
  Volume,
  VolumeMount,
  WeightedPodAffinityTerm,
  ObjectReference,
  EventSource,
  EndpointSubset,
} from 'kubernetes-types/core/v1.js';

/** Pod is core/v1 Pod. */
export interface Pod extends Mutable<k.Pod> {
  apiVersion?: 'v1';
  kind?: 'Pod';
  metadata: ObjectMeta;
}
/** Node is core/v1 Node. */
export interface Node extends Mutable<k.Node> {
  apiVersion?: 'v1';
  kind?: 'Node';
  metadata: ObjectMeta;
}
/** Namespace is core/v1 Namespace. */
export interface Namespace extends Mutable<k.Namespace> {
  apiVersion?: 'v1';
  kind?: 'Namespace';
  metadata: ObjectMeta;
}
/** Service is core/v1 Service. */
export interface Service extends Mutable<k.Service> {
  apiVersion?: 'v1';
  kind?: 'Service';
  metadata: ObjectMeta;
}
/** Endpoints is core/v1 Endpoints. */
export interface Endpoints extends Mutable<k.Endpoints> {
  apiVersion?: 'v1';
  kind?: 'Endpoints';
  metadata: ObjectMeta;
}
/** ConfigMap is core/v1 ConfigMap. */
export interface ConfigMap extends Mutable<k.ConfigMap> {
  apiVersion?: 'v1';
  kind?: 'ConfigMap';
  metadata: ObjectMeta;
}
/** Event is core/v1 Event. */
export interface Event extends Mutable<k.Event> {
  apiVersion?: 'v1';
  kind?: 'Event';
  metadata: ObjectMeta;
}
/** Binding is the body of pods/binding. */
export interface Binding extends Mutable<k.Binding> {
  metadata: ObjectMeta;
}
