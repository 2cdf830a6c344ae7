/** @module Maps the app path to a page. */
import { CreateFromImage } from './views/create/create-form.tsx';
import { CreateFromYaml } from './views/create/create-yaml.tsx';
import { DaemonSetDetail } from './views/daemonsets/detail.tsx';
import { DaemonSetList } from './views/daemonsets/list.tsx';
import { EditDaemonSetForm } from './views/daemonsets/edit-form.tsx';
import { NodeDetail } from './views/nodes/detail.tsx';
import { NodeList } from './views/nodes/list.tsx';
import { PodLogs } from './views/pods/pod-logs.tsx';

/** Routes renders the page of the current path. */
export function Routes({ route }: { route: string[] }) {
  const [section, a, b, c] = route;
  if (section === 'daemonsets' && a && b && c === 'edit')
    return <EditDaemonSetForm key={`${a}/${b}`} namespace={a} name={b} />;
  if (section === 'daemonsets' && a && b)
    return <DaemonSetDetail key={`${a}/${b}`} namespace={a} name={b} />;
  if (section === 'nodes' && a) return <NodeDetail key={a} name={a} />;
  if (section === 'nodes') return <NodeList />;
  if (section === 'create' && a === 'yaml') return <CreateFromYaml />;
  if (section === 'create' && a === 'form') return <CreateFromImage />;
  if (section === 'pods' && a && b && c === 'log') return <PodLogs namespace={a} name={b} />;
  return <DaemonSetList />;
}
