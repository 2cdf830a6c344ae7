/** @module The actions of a node: cordon/uncordon, edit labels, edit taints. */
import type { Node } from '../../../../src/api/core/v1/types.ts';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { setUnschedulable } from '../../api/node-actions.ts';
import { EditLabelsModal, EditTaintsModal } from './node-dialogs.tsx';

/** NodeActions is the "…" menu of a node. */
export function NodeActions({ node }: { node: Node }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState<'none' | 'labels' | 'taints'>('none');
  const name = node.metadata.name ?? '';
  const cordoned = node.spec?.unschedulable === true;
  const toggle = (): void => {
    setUnschedulable(node, !cordoned).then(
      () => void message.success(t(cordoned ? 'node.uncordoned' : 'node.cordoned', { name })),
      (e: unknown) =>
        void message.error(
          t('common.failed', { message: e instanceof Error ? e.message : String(e) }),
        ),
    );
  };
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'cordon',
              label: (
                <span data-testid="action-cordon">
                  {t(cordoned ? 'node.uncordon' : 'node.cordon')}
                </span>
              ),
            },
            {
              key: 'labels',
              label: <span data-testid="action-labels">{t('node.editLabels')}</span>,
            },
            {
              key: 'taints',
              label: <span data-testid="action-taints">{t('node.editTaints')}</span>,
            },
          ],
          onClick: ({ key }) => (key === 'cordon' ? toggle() : setOpen(key as 'labels' | 'taints')),
        }}
      >
        <Button size="small" data-testid={`node-actions-${name}`}>
          ⋯
        </Button>
      </Dropdown>
      {open === 'labels' && <EditLabelsModal node={node} onClose={() => setOpen('none')} />}
      {open === 'taints' && <EditTaintsModal node={node} onClose={() => setOpen('none')} />}
    </>
  );
}
