/**
 * @module Create from image: the four steps of seed 000 (basic info, containers, Service,
 * advanced) with a live YAML preview, server dry-run, and server errors on the right fields.
 * The same form edits an existing DaemonSet (prefilled, sent as an update with its
 * resourceVersion).
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
import type { DaemonSet } from '../../../../src/api/apps/v1/types.ts';
import type { Namespace } from '../../../../src/api/core/v1/types.ts';
import { addDaemonTolerations } from '../../../../src/controllers/daemonset/placement.ts';
import { stringify } from 'yaml';
import { ApiError, sendJson } from '../../api/client.ts';
import { collectionPath, objectPath, R, withQuery } from '../../api/resources.ts';
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
import { daemonSetToForm, updatedDaemonSet } from '../../model/daemonset-form-edit.ts';
import { AdvancedFields } from './advanced-fields.tsx';
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

/**
 * CreateFromImage is the four-step DaemonSet form; with `editing` it edits that DaemonSet (as it
 * was when the form opened: a change by someone else meanwhile makes the update fail with 409).
 */
export function CreateFromImage({ editing }: { editing?: DaemonSet } = {}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DaemonSetForm>();
  const [step, setStep] = useState(0);
  const [initial] = useState<DaemonSetForm>(() =>
    editing ? daemonSetToForm(editing) : defaultForm,
  );
  const [model, setModel] = useState<DaemonSetForm>(initial);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const namespaces = useList<Namespace>(R.namespaces);
  const manifests = editing
    ? [updatedDaemonSet(editing, model)]
    : [formToDaemonSet(model), formToService(model)].filter((m) => m !== undefined);
  // The preview shows what the user edits: no managedFields or status of an existing object.
  const preview = manifests
    .map(({ status: _status, ...m }) => stringify(editing ? withoutManagedFields(m) : m))
    .join('---\n');

  const post = async (dryRun: boolean): Promise<void> => {
    const ns = model.namespace || 'default';
    const query = { dryRun: dryRun ? 'All' : undefined, fieldManager: 'everynode-console' };
    if (editing) {
      const path = objectPath(R.daemonsets, ns, editing.metadata.name ?? '');
      await sendJson('PUT', withQuery(path, query), manifests[0]);
      return;
    }
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
      void message.success(t(editing ? 'form.updated' : 'form.created', { name: model.name }));
      navigate(`/daemonsets/${model.namespace || 'default'}/${model.name}`);
    } catch (e: unknown) {
      showServerError(e);
    } finally {
      setBusy(false);
    }
  };
  const showServerError = (e: unknown): void => {
    const causes = e instanceof ApiError ? e.causes : [];
    // Several causes can land on one cell (e.g. required and invalid): keep them all.
    const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
    for (const c of causes) {
      const name = formFieldOf(c.field ?? '', model);
      if (!name) continue;
      const key = JSON.stringify(name);
      const entry = byField.get(key) ?? { name, errors: [] };
      entry.errors.push(`${c.field ?? ''}: ${c.message ?? ''}`);
      byField.set(key, entry);
    }
    const fields = [...byField.values()];
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
        {editing ? t('form.editTitle', { name: editing.metadata.name }) : t('form.title')}
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
              initialValues={initial}
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
                  <Input data-testid="form-name" maxLength={253} disabled={editing !== undefined} />
                </Form.Item>
                <Form.Item label={t('common.namespace')} name="namespace">
                  <Select
                    data-testid="form-namespace"
                    disabled={editing !== undefined}
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
                  <Switch data-testid="form-service" disabled={editing !== undefined} />
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
                <AdvancedFields />
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
              {editing ? t('form.update') : t('form.submit')}
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

function withoutManagedFields<T extends { metadata: { managedFields?: unknown } }>(m: T): T {
  const { managedFields: _managedFields, ...metadata } = m.metadata;
  return { ...m, metadata };
}
