/**
 * @module The protobuf field tables of the core/v1 messages we serve, transcribed from upstream's
 * `k8s.io/api/core/v1/generated.proto` (see schema.ts for the notation).
 */

/** coreObjectMessages are the core/v1 kinds other than Pod and their own messages. */
const coreObjectMessages: Readonly<Record<string, string>> = {
  Namespace: '1 metadata ObjectMeta, 2 spec NamespaceSpec, 3 status NamespaceStatus',
  NamespaceSpec: '1 finalizers []string',
  NamespaceStatus: '1 phase, 2 conditions []NamespaceCondition',
  NamespaceCondition: '1 type!, 2 status!, 4 lastTransitionTime Time, 5 reason, 6 message',
  ConfigMap: '1 metadata ObjectMeta, 4 immutable? bool, 2 data map, 3 binaryData map:bytes',
  Service: '1 metadata ObjectMeta, 2 spec ServiceSpec, 3 status ServiceStatus',
  ServiceSpec:
    '1 ports []ServicePort, 2 selector map, 3 clusterIP, 18 clusterIPs []string, 4 type, 5 externalIPs []string, 7 sessionAffinity, 8 loadBalancerIP, 9 loadBalancerSourceRanges []string, 10 externalName, 11 externalTrafficPolicy, 12 healthCheckNodePort int32, 13 publishNotReadyAddresses bool, 14 sessionAffinityConfig SessionAffinityConfig, 19 ipFamilies []string, 17 ipFamilyPolicy?, 20 allocateLoadBalancerNodePorts? bool, 21 loadBalancerClass?, 22 internalTrafficPolicy?, 23 trafficDistribution?',
  ServicePort:
    '1 name, 2 protocol, 6 appProtocol?, 3 port! int32, 4 targetPort IntOrString, 5 nodePort int32',
  ServiceStatus: '1 loadBalancer LoadBalancerStatus, 2 conditions []Condition',
  LoadBalancerStatus: '1 ingress []LoadBalancerIngress',
  LoadBalancerIngress: '1 ip, 2 hostname, 3 ipMode?, 4 ports []PortStatus',
  PortStatus: '1 port! int32, 2 protocol!, 3 error?',
  SessionAffinityConfig: '1 clientIP ClientIPConfig',
  ClientIPConfig: '1 timeoutSeconds? int32',
  Node: '1 metadata ObjectMeta, 2 spec NodeSpec, 3 status NodeStatus',
  NodeSpec:
    '1 podCIDR, 7 podCIDRs []string, 3 providerID, 4 unschedulable bool, 5 taints []Taint, 2 externalID',
  Taint: '1 key!, 2 value, 3 effect!, 4 timeAdded Time',
  NodeStatus:
    '1 capacity map:Quantity, 2 allocatable map:Quantity, 3 phase, 4 conditions []NodeCondition, 5 addresses []NodeAddress, 6 daemonEndpoints NodeDaemonEndpoints, 7 nodeInfo NodeSystemInfo, 8 images []ContainerImage, 9 volumesInUse []string, 10 volumesAttached []AttachedVolume, 12 runtimeHandlers []NodeRuntimeHandler, 13 features NodeFeatures',
  NodeCondition:
    '1 type!, 2 status!, 3 lastHeartbeatTime Time, 4 lastTransitionTime Time, 5 reason, 6 message',
  NodeAddress: '1 type!, 2 address!',
  NodeDaemonEndpoints: '1 kubeletEndpoint DaemonEndpoint',
  DaemonEndpoint: '1 Port! int32',
  NodeSystemInfo:
    '1 machineID!, 2 systemUUID!, 3 bootID!, 4 kernelVersion!, 5 osImage!, 6 containerRuntimeVersion!, 7 kubeletVersion!, 8 kubeProxyVersion!, 9 operatingSystem!, 10 architecture!',
  ContainerImage: '1 names []string, 2 sizeBytes int64',
  AttachedVolume: '1 name!, 2 devicePath!',
  NodeFeatures: '1 supplementalGroupsPolicy? bool',
  NodeRuntimeHandler: '1 name, 2 features NodeRuntimeHandlerFeatures',
  NodeRuntimeHandlerFeatures: '1 recursiveReadOnlyMounts? bool, 2 userNamespaces? bool',
  Event:
    '1 metadata ObjectMeta, 2 involvedObject ObjectReference, 3 reason, 4 message, 5 source EventSource, 6 firstTimestamp Time, 7 lastTimestamp Time, 8 count int32, 9 type, 10 eventTime MicroTime, 11 series EventSeries, 12 action, 13 related ObjectReference, 14 reportingComponent!, 15 reportingInstance!',
  EventSource: '1 component, 2 host',
  EventSeries: '1 count int32, 2 lastObservedTime MicroTime',
  ObjectReference:
    '1 kind, 2 namespace, 3 name, 4 uid, 5 apiVersion, 6 resourceVersion, 7 fieldPath',
  Endpoints: '1 metadata ObjectMeta, 2 subsets []EndpointSubset',
  EndpointSubset:
    '1 addresses []EndpointAddress, 2 notReadyAddresses []EndpointAddress, 3 ports []EndpointPort',
  EndpointAddress: '1 ip!, 3 hostname, 4 nodeName?, 2 targetRef ObjectReference',
  EndpointPort: '1 name, 2 port! int32, 3 protocol, 4 appProtocol?',
  Binding: '1 metadata ObjectMeta, 2 target ObjectReference',
};

/** podMessages are Pod, PodSpec, Container and everything they contain. */
const podMessages: Readonly<Record<string, string>> = {
  Pod: '1 metadata ObjectMeta, 2 spec PodSpec, 3 status PodStatus',
  PodTemplateSpec: '1 metadata ObjectMeta, 2 spec PodSpec',
  PodSpec:
    '1 volumes []Volume, 20 initContainers []Container, 2 containers []Container, 3 restartPolicy, 4 terminationGracePeriodSeconds? int64, 5 activeDeadlineSeconds? int64, 6 dnsPolicy, 7 nodeSelector map, 8 serviceAccountName, 9 serviceAccount, 21 automountServiceAccountToken? bool, 10 nodeName, 11 hostNetwork bool, 12 hostPID bool, 13 hostIPC bool, 27 shareProcessNamespace? bool, 14 securityContext PodSecurityContext, 15 imagePullSecrets []LocalObjectReference, 16 hostname, 17 subdomain, 18 affinity Affinity, 19 schedulerName, 22 tolerations []Toleration, 23 hostAliases []HostAlias, 24 priorityClassName, 25 priority? int32, 26 dnsConfig PodDNSConfig, 28 readinessGates []PodReadinessGate, 29 runtimeClassName?, 30 enableServiceLinks? bool, 31 preemptionPolicy?, 32 overhead map:Quantity, 33 topologySpreadConstraints []TopologySpreadConstraint, 35 setHostnameAsFQDN? bool, 36 os PodOS, 37 hostUsers? bool, 38 schedulingGates []PodSchedulingGate',
  Container:
    '1 name!, 2 image, 3 command []string, 4 args []string, 5 workingDir, 6 ports []ContainerPort, 19 envFrom []EnvFromSource, 7 env []EnvVar, 8 resources ResourceRequirements, 23 resizePolicy []ContainerResizePolicy, 24 restartPolicy?, 9 volumeMounts []VolumeMount, 21 volumeDevices []VolumeDevice, 10 livenessProbe Probe, 11 readinessProbe Probe, 22 startupProbe Probe, 12 lifecycle Lifecycle, 13 terminationMessagePath, 20 terminationMessagePolicy, 14 imagePullPolicy, 15 securityContext SecurityContext, 16 stdin bool, 17 stdinOnce bool, 18 tty bool',
  ContainerPort: '1 name, 2 hostPort int32, 3 containerPort! int32, 4 protocol, 5 hostIP',
  EnvVar: '1 name!, 2 value, 3 valueFrom EnvVarSource',
  EnvVarSource:
    '1 fieldRef ObjectFieldSelector, 2 resourceFieldRef ResourceFieldSelector, 3 configMapKeyRef ConfigMapKeySelector, 4 secretKeyRef SecretKeySelector',
  ObjectFieldSelector: '1 apiVersion, 2 fieldPath!',
  ResourceFieldSelector: '1 containerName, 2 resource!, 3 divisor Quantity',
  ConfigMapKeySelector: '1 ... LocalObjectReference, 2 key!, 3 optional? bool',
  SecretKeySelector: '1 ... LocalObjectReference, 2 key!, 3 optional? bool',
  LocalObjectReference: '1 name',
  EnvFromSource: '1 prefix, 2 configMapRef ConfigMapEnvSource, 3 secretRef SecretEnvSource',
  ConfigMapEnvSource: '1 ... LocalObjectReference, 2 optional? bool',
  SecretEnvSource: '1 ... LocalObjectReference, 2 optional? bool',
  ResourceRequirements: '1 limits map:Quantity, 2 requests map:Quantity, 3 claims []ResourceClaim',
  ResourceClaim: '1 name!, 2 request',
  ContainerResizePolicy: '1 resourceName!, 2 restartPolicy!',
  VolumeMount:
    '1 name!, 2 readOnly bool, 7 recursiveReadOnly?, 3 mountPath!, 4 subPath, 5 mountPropagation?, 6 subPathExpr',
  VolumeDevice: '1 name!, 2 devicePath!',
  Volume: '1 name!, 2 ... VolumeSource',
  VolumeSource:
    '1 hostPath HostPathVolumeSource, 2 emptyDir EmptyDirVolumeSource, 6 secret SecretVolumeSource, 10 persistentVolumeClaim PersistentVolumeClaimVolumeSource, 16 downwardAPI DownwardAPIVolumeSource, 19 configMap ConfigMapVolumeSource, 26 projected ProjectedVolumeSource',
  HostPathVolumeSource: '1 path!, 2 type?',
  EmptyDirVolumeSource: '1 medium, 2 sizeLimit Quantity',
  ConfigMapVolumeSource:
    '1 ... LocalObjectReference, 2 items []KeyToPath, 3 defaultMode? int32, 4 optional? bool',
  SecretVolumeSource: '1 secretName, 2 items []KeyToPath, 3 defaultMode? int32, 4 optional? bool',
  KeyToPath: '1 key!, 2 path!, 3 mode? int32',
  PersistentVolumeClaimVolumeSource: '1 claimName!, 2 readOnly bool',
  DownwardAPIVolumeSource: '1 items []DownwardAPIVolumeFile, 2 defaultMode? int32',
  DownwardAPIVolumeFile:
    '1 path!, 2 fieldRef ObjectFieldSelector, 3 resourceFieldRef ResourceFieldSelector, 4 mode? int32',
  ProjectedVolumeSource: '1 sources []VolumeProjection, 2 defaultMode? int32',
  VolumeProjection:
    '1 secret SecretProjection, 2 downwardAPI DownwardAPIProjection, 3 configMap ConfigMapProjection, 4 serviceAccountToken ServiceAccountTokenProjection',
  ConfigMapProjection: '1 ... LocalObjectReference, 2 items []KeyToPath, 4 optional? bool',
  SecretProjection: '1 ... LocalObjectReference, 2 items []KeyToPath, 4 optional? bool',
  DownwardAPIProjection: '1 items []DownwardAPIVolumeFile',
  ServiceAccountTokenProjection: '1 audience, 2 expirationSeconds? int64, 3 path!',
  Probe:
    '1 ... ProbeHandler, 2 initialDelaySeconds int32, 3 timeoutSeconds int32, 4 periodSeconds int32, 5 successThreshold int32, 6 failureThreshold int32, 7 terminationGracePeriodSeconds? int64',
  ProbeHandler:
    '1 exec ExecAction, 2 httpGet HTTPGetAction, 3 tcpSocket TCPSocketAction, 4 grpc GRPCAction',
  ExecAction: '1 command []string',
  HTTPGetAction: '1 path, 2 port IntOrString, 3 host, 4 scheme, 5 httpHeaders []HTTPHeader',
  HTTPHeader: '1 name!, 2 value!',
  TCPSocketAction: '1 port IntOrString, 2 host',
  GRPCAction: '1 port! int32, 2 service?',
  Lifecycle: '1 postStart LifecycleHandler, 2 preStop LifecycleHandler',
  LifecycleHandler:
    '1 exec ExecAction, 2 httpGet HTTPGetAction, 3 tcpSocket TCPSocketAction, 4 sleep SleepAction',
  SleepAction: '1 seconds! int64',
  SecurityContext:
    '1 capabilities Capabilities, 2 privileged? bool, 3 seLinuxOptions SELinuxOptions, 10 windowsOptions WindowsSecurityContextOptions, 4 runAsUser? int64, 8 runAsGroup? int64, 5 runAsNonRoot? bool, 6 readOnlyRootFilesystem? bool, 7 allowPrivilegeEscalation? bool, 9 procMount?, 11 seccompProfile SeccompProfile, 12 appArmorProfile AppArmorProfile',
  Capabilities: '1 add []string, 2 drop []string',
  SELinuxOptions: '1 user, 2 role, 3 type, 4 level',
  SeccompProfile: '1 type!, 2 localhostProfile?',
  AppArmorProfile: '1 type!, 2 localhostProfile?',
  WindowsSecurityContextOptions:
    '1 gmsaCredentialSpecName?, 2 gmsaCredentialSpec?, 3 runAsUserName?, 4 hostProcess? bool',
  PodSecurityContext:
    '1 seLinuxOptions SELinuxOptions, 8 windowsOptions WindowsSecurityContextOptions, 2 runAsUser? int64, 6 runAsGroup? int64, 3 runAsNonRoot? bool, 4 supplementalGroups []int64, 12 supplementalGroupsPolicy?, 5 fsGroup? int64, 7 sysctls []Sysctl, 9 fsGroupChangePolicy?, 10 seccompProfile SeccompProfile, 11 appArmorProfile AppArmorProfile, 13 seLinuxChangePolicy?',
  Sysctl: '1 name!, 2 value!',
  Toleration: '1 key, 2 operator, 3 value, 4 effect, 5 tolerationSeconds? int64',
  Affinity:
    '1 nodeAffinity NodeAffinity, 2 podAffinity PodAffinity, 3 podAntiAffinity PodAntiAffinity',
  NodeAffinity:
    '1 requiredDuringSchedulingIgnoredDuringExecution NodeSelector, 2 preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm',
  NodeSelector: '1 nodeSelectorTerms []NodeSelectorTerm',
  NodeSelectorTerm:
    '1 matchExpressions []NodeSelectorRequirement, 2 matchFields []NodeSelectorRequirement',
  NodeSelectorRequirement: '1 key!, 2 operator!, 3 values []string',
  PreferredSchedulingTerm: '1 weight! int32, 2 preference NodeSelectorTerm',
  PodAffinity:
    '1 requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm, 2 preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm',
  PodAntiAffinity:
    '1 requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm, 2 preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm',
  PodAffinityTerm:
    '1 labelSelector LabelSelector, 2 namespaces []string, 3 topologyKey!, 4 namespaceSelector LabelSelector, 5 matchLabelKeys []string, 6 mismatchLabelKeys []string',
  WeightedPodAffinityTerm: '1 weight! int32, 2 podAffinityTerm PodAffinityTerm',
  PodDNSConfig: '1 nameservers []string, 2 searches []string, 3 options []PodDNSConfigOption',
  PodDNSConfigOption: '1 name, 2 value?',
  HostAlias: '1 ip!, 2 hostnames []string',
  PodReadinessGate: '1 conditionType!',
  TopologySpreadConstraint:
    '1 maxSkew! int32, 2 topologyKey!, 3 whenUnsatisfiable!, 4 labelSelector LabelSelector, 5 minDomains? int32, 6 nodeAffinityPolicy?, 7 nodeTaintsPolicy?, 8 matchLabelKeys []string',
  PodOS: '1 name!',
  PodSchedulingGate: '1 name!',
  PodStatus:
    '1 phase, 2 conditions []PodCondition, 3 message, 4 reason, 11 nominatedNodeName, 5 hostIP, 16 hostIPs []HostIP, 6 podIP, 12 podIPs []PodIP, 7 startTime Time, 10 initContainerStatuses []ContainerStatus, 8 containerStatuses []ContainerStatus, 9 qosClass, 13 ephemeralContainerStatuses []ContainerStatus, 14 resize',
  PodCondition:
    '1 type!, 2 status!, 3 lastProbeTime Time, 4 lastTransitionTime Time, 5 reason, 6 message',
  PodIP: '1 ip!',
  HostIP: '1 ip!',
  ContainerStatus:
    '1 name!, 2 state ContainerState, 3 lastState ContainerState, 4 ready! bool, 5 restartCount! int32, 6 image!, 7 imageID!, 8 containerID, 9 started? bool, 10 allocatedResources map:Quantity, 11 resources ResourceRequirements',
  ContainerState:
    '1 waiting ContainerStateWaiting, 2 running ContainerStateRunning, 3 terminated ContainerStateTerminated',
  ContainerStateWaiting: '1 reason, 2 message',
  ContainerStateRunning: '1 startedAt Time',
  ContainerStateTerminated:
    '1 exitCode! int32, 2 signal int32, 3 reason, 4 message, 5 startedAt Time, 6 finishedAt Time, 7 containerID',
};

/** coreMessages are all core/v1 messages of the table. */
export const coreMessages: Readonly<Record<string, string>> = {
  ...coreObjectMessages,
  ...podMessages,
};
