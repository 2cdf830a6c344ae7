/** @module The DaemonSet list: live, filtered by namespace and name, with kubectl's columns. */
import type { DaemonSet } from '../../../../src/api/apps/v1/types.ts';
import type { Pod } from '../../../../src/api/core/v1/types.ts';
import { Button, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { R } from '../../api/resources.ts';
import { useList } from '../../data/use-list.ts';
import { daemonSetStatus, type DaemonSetPhase } from '../../model/daemonset-status.ts';
import { age, DescriptionAnnotation, labelList, templateImages } from '../../model/format.ts';
import { ownedBy } from '../../model/node-placement.ts';
import { useNamespace } from '../../lib/namespace.ts';
import { navigate } from '../../lib/router.ts';
import { DaemonSetActions } from './actions.tsx';

const phaseColors: Record<DaemonSetPhase, string> = {
  running: 'green',
  updating: 'blue',
  notReady: 'orange',
  deleting: 'default',
  error: 'red',
};

/** PhaseTag is the computed status with its reason on hover. */
export function PhaseTag({ ds, pods }: { ds: DaemonSet; pods: readonly Pod[] }) {
  const { t } = useTranslation();
  const s = daemonSetStatus(ds, pods);
  return (
    <Tooltip title={t(s.reason, s.values)}>
      <Tag color={phaseColors[s.phase]} data-testid="ds-status" data-phase={s.phase}>
        {t(`status.${s.phase}`)}
      </Tag>
    </Tooltip>
  );
}

/** DaemonSetList is the DaemonSets page. */
export function DaemonSetList() {
  const { t } = useTranslation();
  const namespace = useNamespace();
  const [search, setSearch] = useState('');
  const list = useList<DaemonSet>(R.daemonsets, { namespace });
  const pods = useList<Pod>(R.pods, { namespace });
  const rows = useMemo(
    () => list.items.filter((d) => (d.metadata.name ?? '').includes(search.trim())),
    [list.items, search],
  );
  const num = (v: number | undefined): number => v ?? 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('ds.title')}
        </Typography.Title>
        <Space>
          <Input.Search
            allowClear
            placeholder={t('common.search')}
            data-testid="ds-search"
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 240 }}
          />
          <Button onClick={() => navigate('/create/yaml')} data-testid="create-yaml">
            {t('nav.createYaml')}
          </Button>
          <Button type="primary" onClick={() => navigate('/create/form')} data-testid="create-form">
            {t('nav.createForm')}
          </Button>
        </Space>
      </Space>
      <Table<DaemonSet>
        data-testid="ds-table"
        size="small"
        loading={!list.loaded}
        rowKey={(d) => `${d.metadata.namespace}/${d.metadata.name}`}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('ds.empty') }}
        onRow={(d) => ({ 'data-testid': `ds-row-${d.metadata.name}` }) as object}
        columns={[
          {
            title: t('common.name'),
            key: 'name',
            render: (_, d) => (
              <Space direction="vertical" size={0}>
                <Typography.Link
                  data-testid={`ds-link-${d.metadata.name}`}
                  onClick={() => navigate(`/daemonsets/${d.metadata.namespace}/${d.metadata.name}`)}
                >
                  {d.metadata.name}
                </Typography.Link>
                {d.metadata.annotations?.[DescriptionAnnotation] && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.metadata.annotations[DescriptionAnnotation]}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('common.namespace'), key: 'ns', render: (_, d) => d.metadata.namespace },
          {
            title: t('common.status'),
            key: 'status',
            render: (_, d) => <PhaseTag ds={d} pods={pods.items.filter((p) => ownedBy(p, d))} />,
          },
          {
            title: t('ds.desired'),
            key: 'desired',
            render: (_, d) => (
              <span data-testid="ds-desired">{num(d.status?.desiredNumberScheduled)}</span>
            ),
          },
          {
            title: t('ds.current'),
            key: 'current',
            render: (_, d) => num(d.status?.currentNumberScheduled),
          },
          {
            title: t('ds.ready'),
            key: 'ready',
            render: (_, d) => <span data-testid="ds-ready">{num(d.status?.numberReady)}</span>,
          },
          {
            title: t('ds.upToDate'),
            key: 'updated',
            render: (_, d) => (
              <span data-testid="ds-updated">{num(d.status?.updatedNumberScheduled)}</span>
            ),
          },
          {
            title: t('ds.available'),
            key: 'available',
            render: (_, d) => num(d.status?.numberAvailable),
          },
          {
            title: t('ds.nodeSelector'),
            key: 'selector',
            render: (_, d) =>
              labelList(d.spec?.template.spec?.nodeSelector).map((l) => <Tag key={l}>{l}</Tag>),
          },
          {
            title: t('ds.images'),
            key: 'images',
            render: (_, d) => (
              <span data-testid="ds-images">{templateImages(d.spec?.template).join(', ')}</span>
            ),
          },
          {
            title: t('common.age'),
            key: 'age',
            render: (_, d) => age(d.metadata.creationTimestamp),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, d) => <DaemonSetActions ds={d} />,
          },
        ]}
      />
    </Space>
  );
}
