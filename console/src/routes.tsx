/** @module Maps the app path to a page. */
import { DaemonSetList } from './views/daemonsets/list.tsx';

/** Routes renders the page of the current path. */
export function Routes({ route }: { route: string[] }) {
  const [section] = route;
  switch (section) {
    case undefined:
    case 'daemonsets':
      return <DaemonSetList />;
    default:
      return <DaemonSetList />;
  }
}
