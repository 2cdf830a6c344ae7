/** @module A CodeMirror 6 YAML editor with line-numbered diagnostics. */
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

/** LineDiagnostic is an error to show on a line (1-based). */
export interface LineDiagnostic {
  line: number;
  message: string;
}

/** YamlEditor props. */
export interface YamlEditorProps {
  value: string;
  onChange?: (value: string) => void;
  diagnostics?: readonly LineDiagnostic[];
  readOnly?: boolean;
  height?: number | string;
  testId?: string;
}

/** YamlEditor edits YAML; the parent owns the text. */
export function YamlEditor(p: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(p.onChange);
  onChange.current = p.onChange;

  useEffect(() => {
    if (!host.current) return undefined;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: p.value,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          EditorState.readOnly.of(p.readOnly === true),
          EditorView.editable.of(p.readOnly !== true),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChange.current?.(u.state.doc.toString());
          }),
          EditorView.theme({
            '&': { height: toCss(p.height ?? 420) },
            '.cm-scroller': { overflow: 'auto' },
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once; value and diagnostics are synced by the effects below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === p.value) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: p.value } });
  }, [p.value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const doc = v.state.doc;
    const diags: Diagnostic[] = (p.diagnostics ?? []).map((d) => {
      const line = doc.line(Math.min(Math.max(1, d.line), doc.lines));
      return { from: line.from, to: line.to, severity: 'error', message: d.message };
    });
    v.dispatch(setDiagnostics(v.state, diags));
  }, [p.diagnostics, p.value]);

  return (
    <div
      ref={host}
      data-testid={p.testId ?? 'yaml-editor'}
      style={{ border: '1px solid #d9d9d9' }}
    />
  );
}

function toCss(h: number | string): string {
  return typeof h === 'number' ? `${h}px` : h;
}
