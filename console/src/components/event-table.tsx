/** @module A table of events, newest first. */
import type { Event } from '../../../src/api/core/v1/types.ts';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { age } from '../model/format.ts';

function lastSeen(e: Event): string {
  return e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '';
}

/** EventTable shows events of one or more objects. */
export function EventTable({ events }: { events: readonly Event[] }) {
  const { t } = useTranslation();
  const sorted = [...events].sort((a, b) => (lastSeen(a) < lastSeen(b) ? 1 : -1));
  return (
    <Table
      size="small"
      data-testid="event-table"
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      rowKey={(e) => e.metadata.name ?? ''}
      dataSource={sorted}
      locale={{ emptyText: t('detail.noEvents') }}
      columns={[
        {
          title: t('detail.type'),
          key: 'type',
          render: (_, e) => <Tag color={e.type === 'Warning' ? 'orange' : 'default'}>{e.type}</Tag>,
        },
        { title: t('detail.reason'), key: 'reason', render: (_, e) => e.reason },
        {
          title: t('detail.pod'),
          key: 'object',
          render: (_, e) => `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`,
        },
        { title: t('detail.message'), key: 'message', render: (_, e) => e.message },
        { title: t('detail.count'), key: 'count', render: (_, e) => e.count ?? 1 },
        { title: t('detail.lastSeen'), key: 'last', render: (_, e) => age(lastSeen(e)) },
      ]}
    />
  );
}
