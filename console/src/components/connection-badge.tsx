/** @module The live/reconnecting badge of the header: the worst state of all running watches. */
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConnectionState } from '../data/use-list.ts';

const colors = { live: 'green', connecting: 'blue', reconnecting: 'orange', error: 'red' } as const;

/** ConnectionBadge shows whether the page receives live updates. */
export function ConnectionBadge() {
  const { t } = useTranslation();
  const state = useConnectionState();
  return (
    <span data-testid="connection-state" data-state={state}>
      <Badge color={colors[state]} text={t(`conn.${state}`)} />
    </span>
  );
}
