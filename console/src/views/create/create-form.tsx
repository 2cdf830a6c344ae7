/**
 * @module Create from image: the four steps of seed 000 (basic info, containers, Service,
 * advanced) with a live YAML preview, server dry-run, and server errors on the right fields.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Steps,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Namespace } from '../../../../src/api/core/v1/types.ts';
import { addDaemonTolerations } from '../../../../src/controllers/daemonset/placement.ts';
import { stringify } from 'yaml';
import { ApiError, sendJson } from '../../api/client.ts';
import { collectionPath, R, withQuery } from '../../api/resources.ts';
import { YamlEditor } from '../../components/yaml-editor.tsx';
import { useList } from '../../data/use-list.ts';
import { navigate } from '../../lib/router.ts';
import {
  bothZero,
  defaultForm,
  formFieldOf,
  formToDaemonSet,
  formToService,
  isIntOrPercent,
  nameError,
  type DaemonSetForm,
} from '../../model/daemonset-form.ts';
import { ContainerFields } from './container-fields.tsx';
import { KeyValueList } from './key-value-list.tsx';

const stepOfField = (name: string | number | undefined): number =>
  name === 'name' || name === 'namespace' || name === 'description'
    ? 0
    : name === 'containers'
      ? 1
      : name === 'service'
        ? 2
        : 3;

/** CreateFromImage is the four-step DaemonSet form. */
export function CreateFromImage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DaemonSetForm>();
  const [step, setStep] = useState(0);
  const [model, setModel] = useState<DaemonSetForm>(defaultForm);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const namespaces = useList<Namespace>(R.namespaces);
  const manifests = [formToDaemonSet(model), formToService(model)].filter((m) => m !== undefined);
  const preview = manifests.map((m) => stringify(m)).join('---\n');

  const post = async (dryRun: boolean): Promise<void> => {
    const ns = model.namespace || 'default';
    for (const m of manifests) {
      const r = m.kind === 'Service' ? R.services : R.daemonsets;
      await sendJson(
        'POST',
        withQuery(collectionPath(r, ns), {
          dryRun: dryRun ? 'All' : undefined,
          fieldManager: 'everynode-console',
        }),
        m,
      );
    }
  };
  const submit = async (): Promise<void> => {
    setError(undefined);
    try {
      await form.validateFields({ recursive: true });
    } catch (e: unknown) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      setStep(stepOfField(first?.name[0]));
      return;
    }
    setBusy(true);
    try {
      await post(true);
      await post(false);
      void message.success(t('form.created', { name: model.name }));
      navigate(`/daemonsets/${model.namespace || 'default'}/${model.name}`);
    } catch (e: unknown) {
      showServerError(e);
    } finally {
      setBusy(false);
    }
  };
  const showServerError = (e: unknown): void => {
    const causes = e instanceof ApiError ? e.causes : [];
    const fields = causes
      .map((c) => ({
        name: formFieldOf(c.field ?? '', model),
        errors: [`${c.field ?? ''}: ${c.message ?? ''}`],
      }))
      .filter((x): x is { name: (string | number)[]; errors: string[] } => x.name !== undefined);
    if (fields.length > 0) {
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setStep(stepOfField(fields[0]?.name[0]));
      setError(t('form.fixErrors'));
    } else setError(e instanceof Error ? e.message : String(e));
  };

  const hidden = (i: number): CSSProperties => ({ display: step === i ? 'block' : 'none' });
  const automatic = addDaemonTolerations([], false);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('form.title')}
      </Typography.Title>
      <Steps
        current={step}
        onChange={setStep}
        items={['stepBasic', 'stepContainers', 'stepService', 'stepAdvanced'].map((k, i) => ({
          title: <span data-testid={`form-step-${i}`}>{t(`form.${k}`)}</span>,
        }))}
      />
      <Row gutter={16}>
        <Col span={14}>
          <Card>
            <Form
              form={form}
              layout="vertical"
              initialValues={defaultForm}
              onValuesChange={(_, all) => setModel(all)}
            >
              <div style={hidden(0)}>
                <Form.Item
                  label={t('form.name')}
                  name="name"
                  extra={t('form.nameHelp')}
                  rules={[
                    {
                      validator: (_, v: string | undefined) =>
                        nameError(v)
                          ? Promise.reject(new Error(t(nameError(v) ?? '')))
                          : Promise.resolve(),
                    },
                  ]}
                >
                  <Input data-testid="form-name" maxLength={253} />
                </Form.Item>
                <Form.Item label={t('common.namespace')} name="namespace">
                  <Select
                    data-testid="form-namespace"
                    showSearch
                    options={namespaces.items.map((n) => ({
                      value: n.metadata.name ?? '',
                      label: n.metadata.name ?? '',
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  label={t('form.description')}
                  name="description"
                  extra={t('form.descriptionHelp')}
                  rules={[{ max: 512 }]}
                >
                  <Input.TextArea
                    rows={3}
                    showCount
                    maxLength={512}
                    data-testid="form-description"
                  />
                </Form.Item>
              </div>
              <div style={hidden(1)}>
                <Form.List name="containers">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((field) => (
                        <ContainerFields
                          key={field.key}
                          index={field.name}
                          {...(fields.length > 1 ? { onRemove: () => remove(field.name) } : {})}
                        />
                      ))}
                      <Button
                        onClick={() =>
                          add({ name: `c${fields.length + 1}`, pullPolicy: 'IfNotPresent' })
                        }
                      >
                        {t('form.addContainer')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </div>
              <div style={hidden(2)}>
                <Form.Item
                  label={t('form.createService')}
                  name={['service', 'enabled']}
                  valuePropName="checked"
                >
                  <Switch data-testid="form-service" />
                </Form.Item>
                <Form.Item
                  label={t('form.serviceHeadless')}
                  name={['service', 'headless']}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
                <Space>
                  <Form.Item label={t('form.port')} name={['service', 'port']}>
                    <InputNumber min={1} max={65535} />
                  </Form.Item>
                  <Form.Item label={t('form.targetPort')} name={['service', 'targetPort']}>
                    <InputNumber min={1} max={65535} />
                  </Form.Item>
                </Space>
              </div>
              <div style={hidden(3)}>
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
                    <InputNumber min={0} />
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
                <Form.Item label={t('form.dnsPolicy')} name="dnsPolicy">
                  <Select
                    style={{ width: 260 }}
                    options={['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'].map(
                      (v) => ({ value: v, label: v }),
                    )}
                  />
                </Form.Item>
                <Form.Item label={t('form.priorityClass')} name="priorityClassName">
                  <Input style={{ width: 260 }} />
                </Form.Item>
                <KeyValueList name="nodeSelector" label={t('form.nodeSelector')} />
                <KeyValueList name="podLabels" label={t('form.podLabels')} />
                <Typography.Text strong>{t('form.tolerations')}</Typography.Text>
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(r) => `${r.key}:${r.effect}`}
                  dataSource={automatic}
                  columns={[
                    { title: 'key', dataIndex: 'key' },
                    { title: 'operator', dataIndex: 'operator' },
                    { title: 'effect', dataIndex: 'effect' },
                    { title: '', key: 'a', render: () => <Tag>{t('detail.automatic')}</Tag> },
                  ]}
                  footer={() => t('form.automaticTolerations')}
                />
              </div>
            </Form>
          </Card>
          {error && (
            <Alert type="error" title={error} style={{ marginTop: 12 }} data-testid="form-error" />
          )}
          <Space style={{ marginTop: 12 }}>
            <Button onClick={() => navigate('/daemonsets')}>{t('common.cancel')}</Button>
            <Button disabled={step === 0} onClick={() => setStep(step - 1)} data-testid="form-prev">
              {t('form.previous')}
            </Button>
            {step < 3 && (
              <Button onClick={() => setStep(step + 1)} data-testid="form-next">
                {t('form.next')}
              </Button>
            )}
            <Button
              type="primary"
              loading={busy}
              onClick={() => void submit()}
              data-testid="form-submit"
            >
              {t('form.submit')}
            </Button>
          </Space>
        </Col>
        <Col span={10}>
          <Typography.Text strong>{t('form.preview')}</Typography.Text>
          <YamlEditor value={preview} readOnly height={640} testId="form-preview" />
        </Col>
      </Row>
    </Space>
  );
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
