/** @module The node detail page: conditions, taints, labels and the pods on the node. */
import type { Node, Pod } from '../../../../src/api/core/v1/types.ts';
import { Button, Descriptions, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { R } from '../../api/resources.ts';
import { useList, useObject } from '../../data/use-list.ts';
import { age, labelList } from '../../model/format.ts';
import { nodeReady, nodeRoles } from '../../model/node.ts';
import { navigate } from '../../lib/router.ts';
import { NodeActions } from './node-actions.tsx';
import { taintText } from './list.tsx';

/** NodeDetail is the page of one node. */
export function NodeDetail({ name }: { name: string }) {
  const { t } = useTranslation();
  const { object: node, loaded } = useObject<Node>(R.nodes, undefined, name);
  const pods = useList<Pod>(R.pods, { fieldSelector: `spec.nodeName=${name}` });
  if (!loaded) return <Spin />;
  if (!node) return <Empty description={name} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Button size="small" onClick={() => navigate('/nodes')}>
            ←
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {name}
          </Typography.Title>
          <Tag color={nodeReady(node) === 'True' ? 'green' : 'red'}>Ready={nodeReady(node)}</Tag>
        </Space>
        <NodeActions node={node} />
      </Space>
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label={t('node.roles')}>
          {nodeRoles(node).join(', ') || '<none>'}
        </Descriptions.Item>
        <Descriptions.Item label={t('node.schedulable')}>
          {node.spec?.unschedulable ? t('common.no') : t('common.yes')}
        </Descriptions.Item>
        <Descriptions.Item label={t('node.version')}>
          {node.status?.nodeInfo?.kubeletVersion}
        </Descriptions.Item>
        <Descriptions.Item label={t('common.age')}>
          {age(node.metadata.creationTimestamp)}
        </Descriptions.Item>
        <Descriptions.Item label={t('node.taints')} span={2}>
          {(node.spec?.taints ?? []).map((x) => (
            <Tag key={taintText(x)}>{taintText(x)}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('common.labels')} span={2}>
          {labelList(node.metadata.labels).map((l) => (
            <Tag key={l}>{l}</Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('node.conditions')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="type"
        dataSource={node.status?.conditions ?? []}
        columns={[
          { title: 'type', dataIndex: 'type' },
          { title: 'status', dataIndex: 'status' },
          { title: 'reason', dataIndex: 'reason' },
          { title: 'message', dataIndex: 'message' },
          { title: 'lastHeartbeatTime', key: 'hb', render: (_, c) => age(c.lastHeartbeatTime) },
        ]}
      />
      <Typography.Title level={5}>{t('node.podsOnNode')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey={(p) => `${p.metadata.namespace}/${p.metadata.name}`}
        dataSource={pods.items}
        columns={[
          { title: t('common.namespace'), key: 'ns', render: (_, p) => p.metadata.namespace },
          { title: t('common.name'), key: 'name', render: (_, p) => p.metadata.name },
          { title: t('detail.phase'), key: 'phase', render: (_, p) => p.status?.phase },
          {
            title: t('common.age'),
            key: 'age',
            render: (_, p) => age(p.metadata.creationTimestamp),
          },
        ]}
      />
    </Space>
  );
}
