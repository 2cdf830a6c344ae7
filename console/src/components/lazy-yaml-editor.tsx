/** @module The YAML editor loaded on first use: CodeMirror stays out of the list page's bundle. */
import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import type { YamlEditorProps } from './yaml-editor.tsx';

const Editor = lazy(() => import('./yaml-editor.tsx').then((m) => ({ default: m.YamlEditor })));

/** LazyYamlEditor is YamlEditor behind a spinner until its chunk has loaded. */
export function LazyYamlEditor(p: YamlEditorProps) {
  return (
    <Suspense fallback={<Spin />}>
      <Editor {...p} />
    </Suspense>
  );
}
