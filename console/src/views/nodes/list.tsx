/** @module The node list: Ready, Roles, Schedulable, Taints, Labels, Pods, Version, Age. */
import type { Node, Pod } from '../../../../src/api/core/v1/types.ts';
import { Input, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { R } from '../../api/resources.ts';
import { useList } from '../../data/use-list.ts';
import { age, labelList } from '../../model/format.ts';
import { nodeReady, nodeRoles } from '../../model/node.ts';
import { navigate } from '../../lib/router.ts';
import { NodeActions } from './node-actions.tsx';

/** taintText is kubectl's `key=value:Effect`. */
export function taintText(x: { key: string; value?: string; effect: string }): string {
  return `${x.key}${x.value ? `=${x.value}` : ''}:${x.effect}`;
}

/** NodeList is the Nodes page. */
export function NodeList() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const nodes = useList<Node>(R.nodes);
  const pods = useList<Pod>(R.pods);
  const podCount = useMemo(() => {
    const m = new Map<string, number>();
    for (const p of pods.items)
      if (p.spec?.nodeName) m.set(p.spec.nodeName, (m.get(p.spec.nodeName) ?? 0) + 1);
    return m;
  }, [pods.items]);
  const rows = nodes.items.filter((n) => (n.metadata.name ?? '').includes(search.trim()));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('node.title')}
        </Typography.Title>
        <Input.Search
          allowClear
          placeholder={t('common.search')}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
        />
      </Space>
      <Table<Node>
        size="small"
        data-testid="node-table"
        loading={!nodes.loaded}
        rowKey={(n) => n.metadata.name ?? ''}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(n) => ({ 'data-testid': `node-row-${n.metadata.name}` }) as object}
        columns={[
          {
            title: t('common.name'),
            key: 'name',
            render: (_, n) => (
              <Typography.Link onClick={() => navigate(`/nodes/${n.metadata.name}`)}>
                {n.metadata.name}
              </Typography.Link>
            ),
          },
          {
            title: t('node.ready'),
            key: 'ready',
            render: (_, n) => {
              const r = nodeReady(n);
              return <Tag color={r === 'True' ? 'green' : 'red'}>{r}</Tag>;
            },
          },
          {
            title: t('node.roles'),
            key: 'roles',
            render: (_, n) => nodeRoles(n).join(', ') || '<none>',
          },
          {
            title: t('node.schedulable'),
            key: 'sched',
            render: (_, n) => (
              <span
                data-testid="node-schedulable"
                data-value={String(n.spec?.unschedulable !== true)}
              >
                {n.spec?.unschedulable ? t('common.no') : t('common.yes')}
              </span>
            ),
          },
          {
            title: t('node.taints'),
            key: 'taints',
            render: (_, n) => (
              <span data-testid="node-taints">
                {(n.spec?.taints ?? []).map((x) => (
                  <Tag key={taintText(x)}>{taintText(x)}</Tag>
                ))}
              </span>
            ),
          },
          {
            title: t('common.labels'),
            key: 'labels',
            render: (_, n) => (
              <span data-testid="node-labels">
                {labelList(n.metadata.labels).map((l) => (
                  <Tag key={l} style={{ marginBottom: 2 }}>
                    {l}
                  </Tag>
                ))}
              </span>
            ),
          },
          {
            title: t('node.pods'),
            key: 'pods',
            render: (_, n) => podCount.get(n.metadata.name ?? '') ?? 0,
          },
          {
            title: t('node.version'),
            key: 'version',
            render: (_, n) => n.status?.nodeInfo?.kubeletVersion ?? '',
          },
          {
            title: t('common.age'),
            key: 'age',
            render: (_, n) => age(n.metadata.creationTimestamp),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, n) => <NodeActions node={n} />,
          },
        ]}
      />
    </Space>
  );
}
