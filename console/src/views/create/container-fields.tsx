/** @module The fields of one container in the "create from image" form. */
import {
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { nameError } from '../../model/daemonset-form.ts';
import { ContainerChecks } from './container-checks.tsx';

/** ContainerFields renders containers[index]. */
export function ContainerFields({ index, onRemove }: { index: number; onRemove?: () => void }) {
  const { t } = useTranslation();
  // Names are relative to the enclosing Form.List "containers".
  const f = (name: string): (string | number)[] => [index, name];
  return (
    <Card
      size="small"
      title={`#${index + 1}`}
      extra={
        onRemove && (
          <Button size="small" onClick={onRemove}>
            {t('common.remove')}
          </Button>
        )
      }
      style={{ marginBottom: 12 }}
    >
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item label={t('form.containerType')} name={f('init')} valuePropName="checked">
            <Switch
              checkedChildren={t('form.initContainer')}
              unCheckedChildren={t('form.workContainer')}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label={t('form.containerName')}
            name={f('name')}
            rules={[
              {
                validator: (_, v: string | undefined) =>
                  nameError(v)
                    ? Promise.reject(new Error(t(nameError(v) ?? '')))
                    : Promise.resolve(),
              },
            ]}
          >
            <Input data-testid={`container-name-${index}`} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item
            label={t('form.image')}
            name={f('image')}
            rules={[{ required: true, whitespace: true, message: t('form.imageRequired') }]}
          >
            <Input data-testid={`container-image-${index}`} placeholder="nginx:1.27" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label={t('form.pullPolicy')} name={f('pullPolicy')}>
            <Select
              options={['IfNotPresent', 'Always', 'Never'].map((v) => ({ value: v, label: v }))}
            />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item label={t('form.privileged')} name={f('privileged')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label={t('form.runAsUser')} name={f('runAsUser')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        {(['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit'] as const).map((k) => (
          <Col span={6} key={k}>
            <Form.Item label={t(`form.${k}`)} name={f(k)}>
              <Input
                data-testid={`container-${k}-${index}`}
                placeholder={k.startsWith('cpu') ? '100m' : '200Mi'}
              />
            </Form.Item>
          </Col>
        ))}
        <Col span={12}>
          <Form.Item label={t('form.command')} name={f('command')}>
            <Input placeholder="/bin/sh -c" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('form.args')} name={f('args')}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <ContainerChecks index={index} />
      <Form.Item label={t('form.env')}>
        <Form.List name={[index, 'env']}>
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <Space key={field.key}>
                  <Form.Item noStyle name={[field.name, 'name']}>
                    <Input placeholder="NAME" style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item noStyle name={[field.name, 'value']}>
                    <Input placeholder={t('common.value')} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item noStyle name={[field.name, 'fieldPath']}>
                    <Select
                      allowClear
                      placeholder={t('form.envFromField')}
                      style={{ width: 200 }}
                      options={[
                        'spec.nodeName',
                        'metadata.name',
                        'metadata.namespace',
                        'status.podIP',
                        'status.hostIP',
                      ].map((v) => ({ value: v, label: v }))}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{t('common.remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({})}>{t('common.add')}</Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item label={t('form.hostPathVolumes')}>
        <Form.List name={[index, 'mounts']}>
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <Space key={field.key}>
                  <Form.Item noStyle name={[field.name, 'name']}>
                    <Input
                      placeholder={t('form.volumeName')}
                      style={{ width: 180 }}
                      data-testid={`mount-name-${index}-${field.name}`}
                    />
                  </Form.Item>
                  <Form.Item noStyle name={[field.name, 'hostPath']}>
                    <Input
                      placeholder={t('form.hostPath')}
                      style={{ width: 220 }}
                      data-testid={`mount-host-${index}-${field.name}`}
                    />
                  </Form.Item>
                  <Form.Item noStyle name={[field.name, 'mountPath']}>
                    <Input
                      placeholder={t('form.mountPath')}
                      style={{ width: 220 }}
                      data-testid={`mount-path-${index}-${field.name}`}
                    />
                  </Form.Item>
                  <Form.Item noStyle name={[field.name, 'readOnly']} valuePropName="checked">
                    <Checkbox data-testid={`mount-ro-${index}-${field.name}`}>
                      {t('form.readOnly')}
                    </Checkbox>
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{t('common.remove')}</Button>
                </Space>
              ))}
              <Button onClick={() => add({})} data-testid={`mount-add-${index}`}>
                {t('common.add')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form.Item>
    </Card>
  );
}
