/** @module Dialogs editing a node's labels and taints as key/value(/effect) rows. */
import type { Node, Taint } from '../../../../src/api/core/v1/types.ts';
import { App, Button, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setLabels, setTaints } from '../../api/node-actions.ts';
import { TaintEffects } from '../../model/node.ts';

interface Row {
  key: string;
  value: string;
  effect: string;
}

function RowsEditor(p: {
  rows: Row[];
  onChange: (rows: Row[]) => void;
  withEffect: boolean;
  prefix: string;
}) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<Row>): void =>
    p.onChange(p.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {p.rows.map((r, i) => (
        <Space key={i}>
          <Input
            placeholder={t('common.key')}
            value={r.key}
            style={{ width: 280 }}
            data-testid={`${p.prefix}-key-${i}`}
            onChange={(e) => update(i, { key: e.target.value })}
          />
          <Input
            placeholder={t('common.value')}
            value={r.value}
            style={{ width: 180 }}
            data-testid={`${p.prefix}-value-${i}`}
            onChange={(e) => update(i, { value: e.target.value })}
          />
          {p.withEffect && (
            <Select
              style={{ width: 160 }}
              value={r.effect}
              data-testid={`${p.prefix}-effect-${i}`}
              onChange={(effect) => update(i, { effect })}
              options={TaintEffects.map((e) => ({ value: e, label: e }))}
            />
          )}
          <Button onClick={() => p.onChange(p.rows.filter((_, j) => j !== i))}>
            {t('common.remove')}
          </Button>
        </Space>
      ))}
      <Button
        data-testid={`${p.prefix}-add`}
        onClick={() => p.onChange([...p.rows, { key: '', value: '', effect: 'NoSchedule' }])}
      >
        {t('common.add')}
      </Button>
    </Space>
  );
}

/** EditLabelsModal edits the node's labels. */
export function EditLabelsModal({ node, onClose }: { node: Node; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Row[]>(
    Object.entries(node.metadata.labels ?? {}).map(([key, value]) => ({ key, value, effect: '' })),
  );
  const save = async (): Promise<void> => {
    try {
      await setLabels(
        node,
        Object.fromEntries(
          rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value.trim()]),
        ),
      );
      void message.success(t('node.labelsSaved', { name: node.metadata.name }));
      onClose();
    } catch (e: unknown) {
      void message.error(
        t('common.failed', { message: e instanceof Error ? e.message : String(e) }),
      );
    }
  };
  return (
    <Modal
      open
      width={760}
      title={`${t('node.editLabels')}: ${node.metadata.name}`}
      onOk={() => void save()}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'labels-save' }}
    >
      <RowsEditor rows={rows} onChange={setRows} withEffect={false} prefix="label" />
    </Modal>
  );
}

/** EditTaintsModal edits the node's taints. */
export function EditTaintsModal({ node, onClose }: { node: Node; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Row[]>(
    (node.spec?.taints ?? []).map((x) => ({ key: x.key, value: x.value ?? '', effect: x.effect })),
  );
  const save = async (): Promise<void> => {
    const taints: Taint[] = rows
      .filter((r) => r.key.trim())
      .map((r) => ({
        key: r.key.trim(),
        effect: r.effect,
        ...(r.value.trim() ? { value: r.value.trim() } : {}),
      }));
    // Keep the server-set timeAdded of taints that did not change.
    const old = node.spec?.taints ?? [];
    for (const tn of taints) {
      const same = old.find(
        (o) => o.key === tn.key && o.effect === tn.effect && (o.value ?? '') === (tn.value ?? ''),
      );
      if (same?.timeAdded) tn.timeAdded = same.timeAdded;
    }
    try {
      await setTaints(node, taints);
      void message.success(t('node.taintsSaved', { name: node.metadata.name }));
      onClose();
    } catch (e: unknown) {
      void message.error(
        t('common.failed', { message: e instanceof Error ? e.message : String(e) }),
      );
    }
  };
  return (
    <Modal
      open
      width={860}
      title={`${t('node.editTaints')}: ${node.metadata.name}`}
      onOk={() => void save()}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'taints-save' }}
    >
      <RowsEditor rows={rows} onChange={setRows} withEffect prefix="taint" />
    </Modal>
  );
}
