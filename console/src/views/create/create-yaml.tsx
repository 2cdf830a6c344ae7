/** @module Create from YAML: several documents, server dry-run, errors on their lines. */
import { Alert, App, Button, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyYaml, type DocumentResult } from '../../api/apply-yaml.ts';
import { YamlEditor } from '../../components/yaml-editor.tsx';
import { navigate } from '../../lib/router.ts';

const example = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: example
  namespace: default
spec:
  selector:
    matchLabels:
      app: example
  template:
    metadata:
      labels:
        app: example
    spec:
      containers:
        - name: main
          image: nginx:1.27
`;

/** CreateFromYaml is the "Create from YAML" page. */
export function CreateFromYaml() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState(example);
  const [results, setResults] = useState<DocumentResult[]>([]);
  const [summary, setSummary] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean): Promise<void> => {
    setBusy(true);
    setSummary(undefined);
    try {
      const r = await applyYaml(text, dryRun);
      setResults(r);
      const ok = r.length > 0 && r.every((d) => d.ok);
      if (r.length === 0) setSummary({ ok: false, text: t('yaml.empty') });
      else if (ok && dryRun) setSummary({ ok, text: t('yaml.dryRunOk', { count: r.length }) });
      else if (ok) {
        void message.success(t('yaml.created', { count: r.length }));
        navigate('/daemonsets');
      } else setSummary({ ok, text: r.find((d) => !d.ok)?.message ?? '' });
    } catch (e: unknown) {
      setSummary({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const diagnostics = results.flatMap((r) => r.lines);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('yaml.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('yaml.help')}</Typography.Text>
      <YamlEditor
        value={text}
        onChange={setText}
        diagnostics={diagnostics}
        height={520}
        testId="create-yaml-editor"
      />
      {summary && (
        <Alert
          type={summary.ok ? 'success' : 'error'}
          title={summary.text}
          data-testid="yaml-summary"
        />
      )}
      {diagnostics.length > 0 && (
        <List
          size="small"
          bordered
          data-testid="yaml-diagnostics"
          dataSource={diagnostics}
          renderItem={(d) => (
            <List.Item>
              <Tag color="red">{t('yaml.line', { line: d.line })}</Tag>
              {d.message}
            </List.Item>
          )}
        />
      )}
      <Space>
        <Button onClick={() => navigate('/daemonsets')}>{t('common.cancel')}</Button>
        <Button loading={busy} onClick={() => void run(true)} data-testid="yaml-dry-run">
          {t('yaml.dryRun')}
        </Button>
        <Button
          type="primary"
          loading={busy}
          onClick={() => void run(false)}
          data-testid="yaml-create"
        >
          {t('yaml.create')}
        </Button>
      </Space>
    </Space>
  );
}
