/** @module A container's GPU count, health checks (liveness/readiness/startup) and postStart/preStop hooks. */
import { Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const probes = ['liveness', 'readiness', 'startup'] as const;

/** ContainerChecks renders the checks of containers[index] (names relative to the Form.List). */
export function ContainerChecks({ index }: { index: number }) {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item label={t('form.gpu')} name={[index, 'gpu']} extra="nvidia.com/gpu">
            <InputNumber min={0} style={{ width: '100%' }} data-testid={`container-gpu-${index}`} />
          </Form.Item>
        </Col>
        <Col span={9}>
          <Form.Item label="postStart" name={[index, 'postStart']}>
            <Input
              placeholder={t('form.hookCommand')}
              data-testid={`container-postStart-${index}`}
            />
          </Form.Item>
        </Col>
        <Col span={9}>
          <Form.Item label="preStop" name={[index, 'preStop']}>
            <Input placeholder={t('form.hookCommand')} data-testid={`container-preStop-${index}`} />
          </Form.Item>
        </Col>
      </Row>
      {probes.map((p) => (
        <ProbeRow key={p} index={index} probe={p} />
      ))}
    </>
  );
}

function ProbeRow({ index, probe }: { index: number; probe: (typeof probes)[number] }) {
  const { t } = useTranslation();
  const name = (k: string): (string | number)[] => [index, probe, k];
  const type = Form.useWatch(['containers', index, probe, 'type']) as string | undefined;
  const id = (k: string): string => `probe-${probe}-${k}-${index}`;
  return (
    <Row gutter={8} align="bottom">
      <Col span={5}>
        <Form.Item
          label={<Typography.Text>{t(`form.${probe}Probe`)}</Typography.Text>}
          name={name('type')}
        >
          <Select
            data-testid={id('type')}
            options={[
              { value: '', label: t('form.probeNone') },
              { value: 'http', label: 'HTTP GET' },
              { value: 'tcp', label: 'TCP' },
              { value: 'exec', label: t('form.probeExec') },
            ]}
          />
        </Form.Item>
      </Col>
      {(type === 'http' || type === 'tcp') && (
        <Col span={3}>
          <Form.Item label={t('form.port')} name={name('port')}>
            <InputNumber min={1} max={65535} style={{ width: '100%' }} data-testid={id('port')} />
          </Form.Item>
        </Col>
      )}
      {type === 'http' && (
        <Col span={5}>
          <Form.Item label={t('form.path')} name={name('path')}>
            <Input placeholder="/healthz" data-testid={id('path')} />
          </Form.Item>
        </Col>
      )}
      {type === 'exec' && (
        <Col span={8}>
          <Form.Item label={t('form.command')} name={name('command')}>
            <Input placeholder="cat /tmp/healthy" data-testid={id('command')} />
          </Form.Item>
        </Col>
      )}
      {type && (
        <>
          <Col span={3}>
            <Form.Item label="initialDelaySeconds" name={name('initialDelaySeconds')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={3}>
            <Form.Item label="periodSeconds" name={name('periodSeconds')}>
              <InputNumber min={1} style={{ width: '100%' }} data-testid={id('period')} />
            </Form.Item>
          </Col>
          <Col span={3}>
            <Form.Item label="failureThreshold" name={name('failureThreshold')}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </>
      )}
    </Row>
  );
}
