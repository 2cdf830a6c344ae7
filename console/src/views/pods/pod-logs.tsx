/** @module The log viewer of one pod (`pods/{name}/log`, per container). */
import type { Pod } from '../../../../src/api/core/v1/types.ts';
import { Alert, Button, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getText } from '../../api/client.ts';
import { objectPath, R, withQuery } from '../../api/resources.ts';
import { useObject } from '../../data/use-list.ts';

/** PodLogs shows the last 1000 lines of a container's log. */
export function PodLogs({ namespace, name }: { namespace: string; name: string }) {
  const { t } = useTranslation();
  const { object: pod } = useObject<Pod>(R.pods, namespace, name);
  const containers = (pod?.spec?.containers ?? []).map((c) => c.name);
  const [container, setContainer] = useState<string>();
  const [text, setText] = useState<string>();
  const [error, setError] = useState<string>();
  const chosen = container ?? containers[0];
  useEffect(() => {
    if (!chosen) return undefined;
    const abort = new AbortController();
    const path = withQuery(objectPath(R.pods, namespace, name, 'log'), {
      container: chosen,
      tailLines: '1000',
    });
    getText(path, abort.signal).then(
      (s) => {
        setText(s);
        setError(undefined);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => abort.abort();
  }, [namespace, name, chosen]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Button size="small" onClick={() => window.history.back()}>
          ←
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('logs.title', { pod: name })}
        </Typography.Title>
        <span>{t('logs.container')}</span>
        <Select<string>
          style={{ width: 200 }}
          value={chosen ?? null}
          onChange={setContainer}
          options={containers.map((c) => ({ value: c, label: c }))}
        />
      </Space>
      {error && <Alert type="error" title={error} />}
      <pre
        data-testid="pod-log"
        style={{
          background: '#1e1e1e',
          color: '#ddd',
          padding: 12,
          minHeight: 300,
          overflow: 'auto',
        }}
      >
        {text === undefined ? t('common.loading') : text || t('logs.empty')}
      </pre>
    </Space>
  );
}
