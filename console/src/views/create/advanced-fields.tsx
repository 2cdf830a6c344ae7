/**
 * @module The form's advanced step: update strategy, pod settings, DNS, host aliases, scheduling
 * (node selector, tolerations with the automatic daemon ones read-only, node and pod
 * (anti-)affinity) and the DaemonSet's and pods' labels and annotations.
 */
import { Form, Input, InputNumber, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { addDaemonTolerations } from '../../../../src/controllers/daemonset/placement.ts';
import { bothZero, isIntOrPercent } from '../../model/daemonset-form.ts';
import { KeyValueList } from './key-value-list.tsx';
import { RowList } from './row-list.tsx';

/** AdvancedFields is step 4 of the form. */
export function AdvancedFields() {
  const { t } = useTranslation();
  const automatic = addDaemonTolerations([], false);
  const options = (vs: readonly string[]) => vs.map((v) => ({ value: v, label: v }));
  return (
    <>
      <Form.Item label={t('form.strategy')} name="strategy">
        <Radio.Group options={['RollingUpdate', 'OnDelete']} />
      </Form.Item>
      <Space align="start">
        <Form.Item
          label={t('form.maxUnavailable')}
          name="maxUnavailable"
          dependencies={['maxSurge']}
          rules={intOrPercentRules(t, 'maxSurge')}
        >
          <Input data-testid="form-max-unavailable" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          label={t('form.maxSurge')}
          name="maxSurge"
          dependencies={['maxUnavailable']}
          rules={intOrPercentRules(t, 'maxUnavailable')}
        >
          <Input data-testid="form-max-surge" style={{ width: 160 }} />
        </Form.Item>
      </Space>
      <Space>
        <Form.Item label={t('form.minReadySeconds')} name="minReadySeconds">
          <InputNumber min={0} data-testid="form-min-ready" />
        </Form.Item>
        <Form.Item label={t('form.revisionHistoryLimit')} name="revisionHistoryLimit">
          <InputNumber min={0} />
        </Form.Item>
        <Form.Item
          label={t('form.terminationGracePeriodSeconds')}
          name="terminationGracePeriodSeconds"
        >
          <InputNumber min={0} />
        </Form.Item>
      </Space>
      <Space align="start">
        <Form.Item label={t('form.priorityClass')} name="priorityClassName">
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Form.Item label={t('form.pullSecrets')} name="imagePullSecrets">
          <Select mode="tags" style={{ width: 320 }} open={false} data-testid="form-pull-secrets" />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>{t('form.dns')}</Typography.Title>
      <Form.Item label={t('form.dnsPolicy')} name="dnsPolicy">
        <Select
          style={{ width: 260 }}
          options={options(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'])}
        />
      </Form.Item>
      <Space align="start">
        <Form.Item label="nameservers" name="nameservers" extra={t('form.nameserversHelp')}>
          <Select mode="tags" style={{ width: 280 }} open={false} data-testid="form-nameservers" />
        </Form.Item>
        <Form.Item label="searches" name="searches" extra={t('form.searchesHelp')}>
          <Select
            mode="tags"
            maxCount={6}
            style={{ width: 320 }}
            open={false}
            data-testid="form-searches"
          />
        </Form.Item>
      </Space>
      <RowList
        name="dnsOptions"
        label="options"
        testId="dns-option"
        fields={[
          { name: 'name', placeholder: 'ndots', width: 160 },
          { name: 'value', placeholder: t('common.value'), width: 120 },
        ]}
      />
      <RowList
        name="hostAliases"
        label={t('form.hostAliases')}
        testId="host-alias"
        fields={[
          { name: 'ip', placeholder: 'IP', width: 160 },
          { name: 'hostnames', placeholder: t('form.hostnames'), width: 300 },
        ]}
      />
      <Typography.Title level={5}>{t('form.scheduling')}</Typography.Title>
      <KeyValueList name="nodeSelector" label={t('form.nodeSelector')} />
      <RowList
        name="tolerations"
        label={t('form.tolerations')}
        testId="toleration"
        initial={{ operator: 'Equal', effect: '' }}
        fields={[
          { name: 'key', placeholder: 'key', width: 200 },
          { name: 'operator', options: ['Equal', 'Exists'], width: 100 },
          { name: 'value', placeholder: 'value', width: 120 },
          {
            name: 'effect',
            options: ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'],
            width: 150,
          },
          { name: 'tolerationSeconds', number: true, placeholder: 'tolerationSeconds', width: 150 },
        ]}
      />
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => `${r.key}:${r.effect}`}
        dataSource={automatic}
        data-testid="automatic-tolerations"
        columns={[
          { title: 'key', dataIndex: 'key' },
          { title: 'operator', dataIndex: 'operator' },
          { title: 'effect', dataIndex: 'effect' },
          { title: '', key: 'a', render: () => <Tag>{t('detail.automatic')}</Tag> },
        ]}
        footer={() => t('form.automaticTolerations')}
        style={{ marginBottom: 16 }}
      />
      <RowList
        name="nodeAffinity"
        label={t('form.nodeAffinity')}
        testId="node-affinity"
        initial={{ required: true, operator: 'In' }}
        fields={[
          { name: 'required', options: [true, false], labels: requiredLabels(t), width: 130 },
          { name: 'weight', number: true, placeholder: 'weight', width: 90 },
          { name: 'key', placeholder: 'key', width: 200 },
          {
            name: 'operator',
            options: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'],
            width: 130,
          },
          { name: 'values', placeholder: 'values', width: 180 },
        ]}
      />
      <RowList
        name="podAffinity"
        label={t('form.podAffinity')}
        testId="pod-affinity"
        initial={{ anti: true, required: true, topologyKey: 'kubernetes.io/hostname' }}
        fields={[
          {
            name: 'anti',
            options: [false, true],
            labels: ['podAffinity', 'podAntiAffinity'],
            width: 150,
          },
          { name: 'required', options: [true, false], labels: requiredLabels(t), width: 130 },
          { name: 'weight', number: true, placeholder: 'weight', width: 90 },
          { name: 'labelKey', placeholder: t('form.labelKey'), width: 140 },
          { name: 'labelValue', placeholder: t('common.value'), width: 120 },
          { name: 'topologyKey', placeholder: 'topologyKey', width: 200 },
        ]}
      />
      <Typography.Title level={5}>{t('form.metadata')}</Typography.Title>
      <KeyValueList name="dsLabels" label={t('form.dsLabels')} />
      <KeyValueList name="dsAnnotations" label={t('form.dsAnnotations')} />
      <KeyValueList name="podLabels" label={t('form.podLabels')} />
    </>
  );
}

function requiredLabels(t: (k: string) => string): string[] {
  return [t('form.required'), t('form.preferred')];
}

function intOrPercentRules(t: (k: string) => string, other: 'maxSurge' | 'maxUnavailable') {
  return [
    {
      validator: (_: unknown, v: string | undefined) =>
        isIntOrPercent(v) ? Promise.resolve() : Promise.reject(new Error(t('form.intOrPercent'))),
    },
    ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
      validator: (_: unknown, v: string | undefined) => {
        const o = getFieldValue(other) as string | undefined;
        const pair = other === 'maxSurge' ? bothZero(v, o) : bothZero(o, v);
        return pair ? Promise.reject(new Error(t('form.bothZero'))) : Promise.resolve();
      },
    }),
  ];
}
