/** @module Revision history (ControllerRevisions) with a YAML diff against the current one and Rollback. */
import type { ControllerRevision, DaemonSet } from '../../../../src/api/apps/v1/types.ts';
import { App, Button, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stringify } from 'yaml';
import { revisionsOf, rollbackDaemonSet } from '../../api/daemonset-actions.ts';
import { age } from '../../model/format.ts';
import { lineDiff } from '../../model/line-diff.ts';

/** RevisionHistory lists revisions, newest first. */
export function RevisionHistory({
  ds,
  revisions,
}: {
  ds: DaemonSet;
  revisions: readonly ControllerRevision[];
}) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [diffOf, setDiffOf] = useState<string>();
  const mine = revisionsOf(ds, revisions);
  const current = mine[mine.length - 1];
  const yamlOf = (cr: ControllerRevision | undefined): string =>
    cr ? stringify(cr.data ?? {}) : '';
  const rollback = (cr: ControllerRevision): void => {
    const name = ds.metadata.name ?? '';
    void modal.confirm({
      title: t('ds.rollback'),
      content: t('ds.rollbackConfirm', { name, revision: cr.revision }),
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      onOk: () =>
        rollbackDaemonSet(ds, cr).then(
          () => void message.success(t('ds.rolledBack', { name, revision: cr.revision })),
          (e: unknown) =>
            void message.error(
              t('common.failed', { message: e instanceof Error ? e.message : String(e) }),
            ),
        ),
    });
  };
  const selected = mine.find((cr) => cr.metadata.name === diffOf);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        pagination={false}
        data-testid="revision-table"
        rowKey={(cr) => cr.metadata.name ?? ''}
        dataSource={[...mine].reverse()}
        onRow={(cr) => ({ 'data-testid': `revision-${cr.revision}` }) as object}
        columns={[
          {
            title: t('detail.revision'),
            key: 'rev',
            render: (_, cr) => (
              <Space>
                {cr.revision}
                {cr === current && <Tag color="blue">{t('detail.current')}</Tag>}
              </Space>
            ),
          },
          { title: t('common.name'), key: 'name', render: (_, cr) => cr.metadata.name },
          { title: t('ds.images'), key: 'images', render: (_, cr) => imagesOf(cr).join(', ') },
          {
            title: t('common.age'),
            key: 'age',
            render: (_, cr) => age(cr.metadata.creationTimestamp),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, cr) =>
              cr === current ? null : (
                <Space>
                  <Button
                    size="small"
                    onClick={() => setDiffOf(cr.metadata.name)}
                    data-testid={`diff-${cr.revision}`}
                  >
                    {t('detail.diff')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => rollback(cr)}
                    data-testid={`rollback-${cr.revision}`}
                  >
                    {t('ds.rollback')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {selected && (
        <pre
          data-testid="revision-diff"
          style={{
            background: '#fafafa',
            padding: 12,
            fontSize: 12,
            overflow: 'auto',
            maxHeight: 480,
          }}
        >
          {lineDiff(yamlOf(selected), yamlOf(current)).map((l, i) => (
            <div
              key={i}
              style={{
                background: l.op === '+' ? '#e6ffed' : l.op === '-' ? '#ffeef0' : undefined,
              }}
            >
              {l.op} {l.text}
            </div>
          ))}
        </pre>
      )}
    </Space>
  );
}

function imagesOf(cr: ControllerRevision): string[] {
  const data = cr.data as
    { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } } | undefined;
  return (data?.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? '');
}
