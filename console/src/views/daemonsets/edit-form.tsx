/** @module Edit (form): the create form prefilled from a DaemonSet and sent as an update. */
import type { DaemonSet } from '../../../../src/api/apps/v1/types.ts';
import { Empty, Spin } from 'antd';
import { useState } from 'react';
import { R } from '../../api/resources.ts';
import { useObject } from '../../data/use-list.ts';
import { CreateFromImage } from '../create/create-form.tsx';

/**
 * EditDaemonSetForm opens the form on the DaemonSet as it is when it loads; later changes by
 * others do not rewrite what the user is typing (the update then fails with a conflict).
 */
export function EditDaemonSetForm({ namespace, name }: { namespace: string; name: string }) {
  const { object, loaded } = useObject<DaemonSet>(R.daemonsets, namespace, name);
  const [opened, setOpened] = useState<DaemonSet>();
  if (!opened && object) setOpened(object);
  if (opened) return <CreateFromImage editing={opened} />;
  if (!loaded) return <Spin />;
  return <Empty description={`${namespace}/${name}`} />;
}
