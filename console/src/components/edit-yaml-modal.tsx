/** @module Edit an object as YAML and PUT it back (the resourceVersion guards against lost updates). */
import { Alert, Modal } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { stringify } from 'yaml';
import { ApiError, sendJson } from '../api/client.ts';
import { objectPath, type ResourceRef } from '../api/resources.ts';
import { parseYamlDocuments } from '../model/yaml-paths.ts';
import { LazyYamlEditor } from './lazy-yaml-editor.tsx';
import type { LineDiagnostic } from './yaml-editor.tsx';

/** An object with the metadata the editor needs. */
interface Editable {
  kind?: string;
  metadata: { name?: string; namespace?: string; managedFields?: unknown };
}

/** objectYaml renders an object as YAML without managedFields (as `kubectl edit` shows it). */
export function objectYaml(o: Editable): string {
  const copy = structuredClone(o);
  delete copy.metadata.managedFields;
  return stringify(copy);
}

/** EditYamlModal edits `object` of resource `r`; closes on success. */
export function EditYamlModal(p: {
  r: ResourceRef;
  object: Editable;
  kind: string;
  onClose: () => void;
  onSaved?: () => void;
}) {
  const { t } = useTranslation();
  const initial = useMemo(() => objectYaml(p.object), [p.object]);
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string>();
  const [diagnostics, setDiagnostics] = useState<LineDiagnostic[]>([]);
  const [busy, setBusy] = useState(false);
  const save = async (): Promise<void> => {
    const [doc] = parseYamlDocuments(text);
    if (!doc || doc.errors.length > 0) {
      setDiagnostics(doc?.errors ?? []);
      setError(doc?.errors[0] ? t('yaml.parseError', doc.errors[0]) : t('yaml.empty'));
      return;
    }
    setBusy(true);
    try {
      const path = objectPath(p.r, p.object.metadata.namespace, p.object.metadata.name ?? '');
      await sendJson('PUT', path, doc.value);
      p.onSaved?.();
      p.onClose();
    } catch (e: unknown) {
      setError(e instanceof Error ? e.message : String(e));
      if (e instanceof ApiError) {
        setDiagnostics(
          e.causes.map((c) => ({ line: doc.lineOf(c.field ?? ''), message: c.message ?? '' })),
        );
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={900}
      title={t('yaml.editTitle', { kind: p.kind, name: p.object.metadata.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={p.onClose}
      okButtonProps={{ 'data-testid': 'yaml-save' }}
    >
      {error && (
        <Alert type="error" title={error} style={{ marginBottom: 8 }} data-testid="yaml-error" />
      )}
      <LazyYamlEditor value={text} onChange={setText} diagnostics={diagnostics} height={480} />
    </Modal>
  );
}
