/** @module Maps the app path to a page; pages other than the landing list load on first use. */
import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { DaemonSetList } from './views/daemonsets/list.tsx';

// Code splitting: the YAML editor (CodeMirror), the form and the detail pages are separate chunks.
const CreateFromImage = lazy(() =>
  import('./views/create/create-form.tsx').then((m) => ({ default: m.CreateFromImage })),
);
const CreateFromYaml = lazy(() =>
  import('./views/create/create-yaml.tsx').then((m) => ({ default: m.CreateFromYaml })),
);
const DaemonSetDetail = lazy(() =>
  import('./views/daemonsets/detail.tsx').then((m) => ({ default: m.DaemonSetDetail })),
);
const EditDaemonSetForm = lazy(() =>
  import('./views/daemonsets/edit-form.tsx').then((m) => ({ default: m.EditDaemonSetForm })),
);
const NodeDetail = lazy(() =>
  import('./views/nodes/detail.tsx').then((m) => ({ default: m.NodeDetail })),
);
const NodeList = lazy(() =>
  import('./views/nodes/list.tsx').then((m) => ({ default: m.NodeList })),
);
const PodLogs = lazy(() =>
  import('./views/pods/pod-logs.tsx').then((m) => ({ default: m.PodLogs })),
);

/** Routes renders the page of the current path. */
export function Routes({ route }: { route: string[] }) {
  return (
    <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
      <Page route={route} />
    </Suspense>
  );
}

function Page({ route }: { route: string[] }) {
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
