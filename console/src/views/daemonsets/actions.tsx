/** @module The row actions of a DaemonSet: Edit (form), Edit YAML, Restart, Rollback, Delete. */
import type { DaemonSet } from '../../../../src/api/apps/v1/types.ts';
import { App, Button, Dropdown, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  deleteDaemonSet,
  fetchRevisions,
  previousRevision,
  restartDaemonSet,
  rollbackDaemonSet,
  type PropagationPolicy,
} from '../../api/daemonset-actions.ts';
import { R } from '../../api/resources.ts';
import { EditYamlModal } from '../../components/edit-yaml-modal.tsx';
import { navigate } from '../../lib/router.ts';

type Open = 'none' | 'yaml' | 'delete';

/** DaemonSetActions is the "…" menu of one DaemonSet. */
export function DaemonSetActions({ ds }: { ds: DaemonSet }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [open, setOpen] = useState<Open>('none');
  const name = ds.metadata.name ?? '';
  const fail = (e: unknown): void => {
    void message.error(t('common.failed', { message: e instanceof Error ? e.message : String(e) }));
  };
  const restart = (): void => {
    void modal.confirm({
      title: t('ds.restart'),
      content: t('ds.restartConfirm', { name }),
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      onOk: () =>
        restartDaemonSet(ds).then(() => void message.success(t('ds.restarted', { name })), fail),
    });
  };
  const rollback = async (): Promise<void> => {
    try {
      const prev = previousRevision(await fetchRevisions(ds));
      if (!prev) {
        void message.info(t('ds.noPreviousRevision', { name }));
        return;
      }
      void modal.confirm({
        title: t('ds.rollback'),
        content: t('ds.rollbackConfirm', { name, revision: prev.revision }),
        okText: t('common.ok'),
        cancelText: t('common.cancel'),
        onOk: () =>
          rollbackDaemonSet(ds, prev).then(
            () => void message.success(t('ds.rolledBack', { name, revision: prev.revision })),
            fail,
          ),
      });
    } catch (e: unknown) {
      fail(e);
    }
  };
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'form', label: <span data-testid="action-edit-form">{t('ds.editForm')}</span> },
            { key: 'yaml', label: <span data-testid="action-edit-yaml">{t('ds.editYaml')}</span> },
            { key: 'restart', label: <span data-testid="action-restart">{t('ds.restart')}</span> },
            {
              key: 'rollback',
              label: <span data-testid="action-rollback">{t('ds.rollback')}</span>,
            },
            {
              key: 'delete',
              danger: true,
              label: <span data-testid="action-delete">{t('common.delete')}</span>,
            },
          ],
          onClick: ({ key }) => {
            if (key === 'form') navigate(`/daemonsets/${ds.metadata.namespace ?? ''}/${name}/edit`);
            else if (key === 'restart') restart();
            else if (key === 'rollback') void rollback();
            else setOpen(key as Open);
          },
        }}
      >
        <Button size="small" data-testid={`actions-${name}`}>
          ⋯
        </Button>
      </Dropdown>
      {open === 'yaml' && (
        <EditYamlModal
          r={R.daemonsets}
          kind="DaemonSet"
          object={ds}
          onClose={() => setOpen('none')}
          onSaved={() => void message.success(t('ds.saved', { name }))}
        />
      )}
      {open === 'delete' && <DeleteModal ds={ds} onClose={() => setOpen('none')} onError={fail} />}
    </>
  );
}

function DeleteModal(p: { ds: DaemonSet; onClose: () => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const name = p.ds.metadata.name ?? '';
  const [policy, setPolicy] = useState<PropagationPolicy>('Background');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    try {
      await deleteDaemonSet(p.ds, policy);
      void message.success(t('ds.deleted', { name }));
      p.onClose();
    } catch (e: unknown) {
      p.onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('ds.deleteTitle', { name })}
      okText={t('common.delete')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: typed !== name, 'data-testid': 'delete-confirm' }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={p.onClose}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text strong>{t('ds.cascade')}</Typography.Text>
        <Radio.Group
          value={policy}
          onChange={(e) => setPolicy(e.target.value as PropagationPolicy)}
        >
          <Space direction="vertical">
            <Radio value="Background" data-testid="cascade-background">
              {t('ds.cascadeBackground')}
            </Radio>
            <Radio value="Orphan" data-testid="cascade-orphan">
              {t('ds.cascadeOrphan')}
            </Radio>
          </Space>
        </Radio.Group>
        <Typography.Text>{t('ds.typeName', { name })}</Typography.Text>
        <Input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="delete-name" />
      </Space>
    </Modal>
  );
}
