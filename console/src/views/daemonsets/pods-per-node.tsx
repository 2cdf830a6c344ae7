/** @module Pods per node, and every node without a pod with the reason. */
import type { DaemonSet } from '../../../../src/api/apps/v1/types.ts';
import type { Namespace, Node, Pod } from '../../../../src/api/core/v1/types.ts';
import { Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { age } from '../../model/format.ts';
import { nodePlacements, type NodePlacement } from '../../model/node-placement.ts';
import { navigate } from '../../lib/router.ts';

function readyCount(pod: Pod): string {
  const cs = pod.status?.containerStatuses ?? [];
  return `${cs.filter((c) => c.ready).length}/${pod.spec?.containers.length ?? 0}`;
}

function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
}

/** PodsPerNode shows where the DaemonSet runs and where it does not, and why. */
export function PodsPerNode(p: {
  ds: DaemonSet;
  nodes: readonly Node[];
  pods: readonly Pod[];
  namespace: Namespace | undefined;
}) {
  const { t } = useTranslation();
  const rows = nodePlacements(p.ds, p.nodes, p.pods, p.namespace);
  const podRows = rows.flatMap((r) =>
    r.pods.filter((pod) => pod.spec?.nodeName).map((pod) => ({ node: r.node, pod })),
  );
  const without = rows.filter(
    (r): r is NodePlacement & { reason: NonNullable<NodePlacement['reason']> } =>
      r.reason !== undefined,
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        data-testid="pods-per-node"
        pagination={false}
        rowKey={(r) => r.pod.metadata.name ?? ''}
        dataSource={podRows}
        onRow={(r) => ({ 'data-testid': `pod-row-${r.node}` }) as object}
        columns={[
          {
            title: t('detail.node'),
            key: 'node',
            render: (_, r) => (
              <Typography.Link onClick={() => navigate(`/nodes/${r.node}`)}>
                {r.node}
              </Typography.Link>
            ),
          },
          { title: t('detail.pod'), key: 'pod', render: (_, r) => r.pod.metadata.name },
          { title: t('detail.phase'), key: 'phase', render: (_, r) => r.pod.status?.phase ?? '' },
          { title: t('ds.ready'), key: 'ready', render: (_, r) => readyCount(r.pod) },
          { title: t('detail.restarts'), key: 'restarts', render: (_, r) => restarts(r.pod) },
          {
            title: t('detail.revision'),
            key: 'rev',
            render: (_, r) => r.pod.metadata.labels?.['controller-revision-hash'] ?? '',
          },
          {
            title: t('common.age'),
            key: 'age',
            render: (_, r) => age(r.pod.metadata.creationTimestamp),
          },
          {
            title: t('detail.logs'),
            key: 'logs',
            render: (_, r) => (
              <Typography.Link
                onClick={() =>
                  navigate(`/pods/${r.pod.metadata.namespace}/${r.pod.metadata.name}/log`)
                }
              >
                {t('detail.logs')}
              </Typography.Link>
            ),
          },
        ]}
      />
      <Typography.Title level={5}>{t('detail.nodesWithoutPod')}</Typography.Title>
      <Table
        size="small"
        data-testid="nodes-without-pod"
        pagination={false}
        rowKey="node"
        dataSource={without}
        locale={{ emptyText: t('detail.allNodesHavePods') }}
        onRow={(r) => ({ 'data-testid': `why-row-${r.node}`, 'data-reason': r.reason }) as object}
        columns={[
          { title: t('detail.node'), dataIndex: 'node' },
          {
            title: t('detail.reason'),
            key: 'reason',
            render: (_, r) => (
              <Tag color={r.reason === 'unschedulable' ? 'red' : 'default'}>
                {t(`why.${r.reason}`)}
              </Tag>
            ),
          },
          { title: t('detail.message'), dataIndex: 'detail' },
        ]}
      />
    </Space>
  );
}
