/** @module The DaemonSet detail page: summary, pods per node, nodes without a pod, events, history, YAML. */
import type { ControllerRevision, DaemonSet } from '../../../../src/api/apps/v1/types.ts';
import type { Event, Namespace, Node, Pod } from '../../../../src/api/core/v1/types.ts';
import {
  Button,
  Descriptions,
  Empty,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { R } from '../../api/resources.ts';
import { useList, useObject } from '../../data/use-list.ts';
import { ownedBy } from '../../model/node-placement.ts';
import { templateImages, labelList } from '../../model/format.ts';
import { addDaemonTolerations } from '../../../../src/controllers/daemonset/placement.ts';
import { navigate } from '../../lib/router.ts';
import { PhaseTag } from './list.tsx';
import { DaemonSetActions } from './actions.tsx';
import { PodsPerNode } from './pods-per-node.tsx';
import { RevisionHistory } from './revision-history.tsx';
import { EventTable } from '../../components/event-table.tsx';
import { objectYaml } from '../../components/edit-yaml-modal.tsx';
import { YamlEditor } from '../../components/yaml-editor.tsx';

/** DaemonSetDetail is the page of one DaemonSet. */
export function DaemonSetDetail({ namespace, name }: { namespace: string; name: string }) {
  const { t } = useTranslation();
  const { object: ds, loaded } = useObject<DaemonSet>(R.daemonsets, namespace, name);
  const selector = labelList(ds?.spec?.selector.matchLabels).join(',');
  const pods = useList<Pod>(R.pods, { namespace, labelSelector: selector }, ds !== undefined);
  const nodes = useList<Node>(R.nodes);
  const ns = useObject<Namespace>(R.namespaces, undefined, namespace);
  const revisions = useList<ControllerRevision>(
    R.controllerrevisions,
    { namespace, labelSelector: selector },
    ds !== undefined,
  );
  const events = useList<Event>(R.events, { namespace });
  if (!loaded) return <Spin />;
  if (!ds) return <Empty description={`${namespace}/${name}`} />;
  const owned = pods.items.filter((p) => ownedBy(p, ds));
  const uids = new Set([ds.metadata.uid, ...owned.map((p) => p.metadata.uid)]);
  const related = events.items.filter((e) => uids.has(e.involvedObject.uid));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Button size="small" onClick={() => navigate('/daemonsets')}>
            ←
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="ds-detail-name">
            {ds.metadata.name}
          </Typography.Title>
          <PhaseTag ds={ds} pods={owned} />
        </Space>
        <DaemonSetActions ds={ds} />
      </Space>
      <Counters ds={ds} />
      <Tabs
        items={[
          { key: 'summary', label: t('detail.summary'), children: <Summary ds={ds} /> },
          {
            key: 'pods',
            label: <span data-testid="tab-pods">{t('detail.podsPerNode')}</span>,
            children: (
              <PodsPerNode ds={ds} nodes={nodes.items} pods={owned} namespace={ns.object} />
            ),
          },
          {
            key: 'events',
            label: <span data-testid="tab-events">{t('detail.events')}</span>,
            children: <EventTable events={related} />,
          },
          {
            key: 'history',
            label: <span data-testid="tab-history">{t('detail.history')}</span>,
            children: <RevisionHistory ds={ds} revisions={revisions.items} />,
          },
          {
            key: 'yaml',
            label: t('detail.yaml'),
            children: <YamlEditor value={objectYaml(ds)} readOnly height={560} testId="ds-yaml" />,
          },
        ]}
      />
    </Space>
  );
}

/** Counters are the status numbers, live: a rollout is watched moving here. */
function Counters({ ds }: { ds: DaemonSet }) {
  const { t } = useTranslation();
  const st = ds.status;
  const items = [
    ['desired', 'ds.desired', st?.desiredNumberScheduled],
    ['current', 'ds.current', st?.currentNumberScheduled],
    ['ready', 'ds.ready', st?.numberReady],
    ['updated', 'ds.upToDate', st?.updatedNumberScheduled],
    ['available', 'ds.available', st?.numberAvailable],
  ] as const;
  return (
    <Space size="large" data-testid="ds-counters">
      {items.map(([id, key, n]) => (
        <Statistic key={id} title={t(key)} value={n ?? 0} data-testid={`count-${id}`} />
      ))}
    </Space>
  );
}

function Summary({ ds }: { ds: DaemonSet }) {
  const { t } = useTranslation();
  const spec = ds.spec;
  const user = spec?.template.spec?.tolerations ?? [];
  const all = addDaemonTolerations(user, spec?.template.spec?.hostNetwork === true);
  const strategy = spec?.updateStrategy;
  const ru = strategy?.rollingUpdate;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label={t('detail.selector')}>
          {labelList(spec?.selector.matchLabels).map((l) => (
            <Tag key={l}>{l}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('ds.nodeSelector')}>
          {labelList(spec?.template.spec?.nodeSelector).map((l) => (
            <Tag key={l}>{l}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('detail.strategy')}>
          {strategy?.type ?? 'RollingUpdate'}
          {ru &&
            ` (maxUnavailable ${String(ru.maxUnavailable ?? 1)}, maxSurge ${String(ru.maxSurge ?? 0)})`}
        </Descriptions.Item>
        <Descriptions.Item label={t('ds.images')}>
          {templateImages(spec?.template).join(', ')}
        </Descriptions.Item>
        <Descriptions.Item label="minReadySeconds">{spec?.minReadySeconds ?? 0}</Descriptions.Item>
        <Descriptions.Item label="revisionHistoryLimit">
          {spec?.revisionHistoryLimit ?? 10}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('detail.tolerations')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={all.map((tol, i) => ({ ...tol, automatic: i >= user.length }))}
        columns={[
          { title: 'key', dataIndex: 'key' },
          { title: 'operator', dataIndex: 'operator' },
          { title: 'value', dataIndex: 'value' },
          { title: 'effect', dataIndex: 'effect' },
          { title: 'tolerationSeconds', dataIndex: 'tolerationSeconds' },
          {
            title: '',
            key: 'auto',
            render: (_, r) => (r.automatic ? <Tag>{t('detail.automatic')}</Tag> : null),
          },
        ]}
      />
      <Typography.Title level={5}>{t('detail.conditions')}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="type"
        locale={{ emptyText: t('common.none') }}
        dataSource={ds.status?.conditions ?? []}
        columns={[
          { title: 'type', dataIndex: 'type' },
          { title: 'status', dataIndex: 'status' },
          { title: 'reason', dataIndex: 'reason' },
          { title: 'message', dataIndex: 'message' },
        ]}
      />
    </Space>
  );
}
