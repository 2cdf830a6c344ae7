/**
 * @module The protobuf field tables of apimachinery's meta/v1 messages and of the kinds outside
 * core/v1 (apps, scheduling, coordination, policy, events), transcribed from upstream's
 * `generated.proto` files (see schema.ts for the notation).
 */

/** metaMessages are the meta/v1 messages every kind embeds. */
export const metaMessages: Readonly<Record<string, string>> = {
  ObjectMeta:
    '1 name, 2 generateName, 3 namespace, 4 selfLink, 5 uid, 6 resourceVersion, 7 generation int64, 8 creationTimestamp Time, 9 deletionTimestamp Time, 10 deletionGracePeriodSeconds? int64, 11 labels map, 12 annotations map, 13 ownerReferences []OwnerReference, 14 finalizers []string, 17 managedFields []ManagedFieldsEntry',
  OwnerReference:
    '5 apiVersion!, 1 kind!, 3 name!, 4 uid!, 6 controller? bool, 7 blockOwnerDeletion? bool',
  ManagedFieldsEntry:
    '1 manager, 2 operation, 3 apiVersion, 4 time Time, 6 fieldsType, 7 fieldsV1 FieldsV1, 8 subresource',
  LabelSelector: '1 matchLabels map, 2 matchExpressions []LabelSelectorRequirement',
  LabelSelectorRequirement: '1 key!, 2 operator!, 3 values []string',
  Condition:
    '1 type!, 2 status!, 3 observedGeneration int64, 4 lastTransitionTime Time, 5 reason!, 6 message!',
  DeleteOptions:
    '1 gracePeriodSeconds? int64, 2 preconditions Preconditions, 3 orphanDependents? bool, 4 propagationPolicy?, 5 dryRun []string, 6 ignoreStoreReadErrorWithClusterBreakingPotential? bool',
  Preconditions: '1 uid?, 2 resourceVersion?',
};

/** groupMessages are the apps/v1, scheduling/v1, coordination/v1, policy/v1 and events/v1 messages. */
export const groupMessages: Readonly<Record<string, string>> = {
  DaemonSet: '1 metadata ObjectMeta, 2 spec DaemonSetSpec, 3 status DaemonSetStatus',
  DaemonSetSpec:
    '1 selector LabelSelector, 2 template PodTemplateSpec, 3 updateStrategy DaemonSetUpdateStrategy, 4 minReadySeconds int32, 6 revisionHistoryLimit? int32',
  DaemonSetUpdateStrategy: '1 type, 2 rollingUpdate RollingUpdateDaemonSet',
  RollingUpdateDaemonSet: '1 maxUnavailable IntOrString, 2 maxSurge IntOrString',
  DaemonSetStatus:
    '1 currentNumberScheduled! int32, 2 numberMisscheduled! int32, 3 desiredNumberScheduled! int32, 4 numberReady! int32, 5 observedGeneration int64, 6 updatedNumberScheduled int32, 7 numberAvailable int32, 8 numberUnavailable int32, 9 collisionCount? int32, 10 conditions []DaemonSetCondition',
  DaemonSetCondition: '1 type!, 2 status!, 3 lastTransitionTime Time, 4 reason, 5 message',
  ControllerRevision: '1 metadata ObjectMeta, 2 data RawExtension, 3 revision! int64',
  PriorityClass:
    '1 metadata ObjectMeta, 2 value! int32, 3 globalDefault bool, 4 description, 5 preemptionPolicy?',
  Lease: '1 metadata ObjectMeta, 2 spec LeaseSpec',
  LeaseSpec:
    '1 holderIdentity?, 2 leaseDurationSeconds? int32, 3 acquireTime MicroTime, 4 renewTime MicroTime, 5 leaseTransitions? int32, 6 strategy?, 7 preferredHolder?',
  Eviction: '1 metadata ObjectMeta, 2 deleteOptions DeleteOptions',
  EventsV1Event:
    '1 metadata ObjectMeta, 2 eventTime MicroTime, 3 series EventsV1EventSeries, 4 reportingController, 5 reportingInstance, 6 action, 7 reason, 8 regarding ObjectReference, 9 related ObjectReference, 10 note, 11 type, 12 deprecatedSource EventSource, 13 deprecatedFirstTimestamp Time, 14 deprecatedLastTimestamp Time, 15 deprecatedCount int32',
  EventsV1EventSeries: '1 count! int32, 2 lastObservedTime MicroTime',
};
