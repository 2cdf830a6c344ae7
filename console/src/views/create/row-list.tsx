/**
 * @module A Form.List of rows with a few inputs each (tolerations, affinity terms, host aliases,
 * DNS options). Every input is its own Form.Item, so a server error lands on the exact cell.
 */
import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** RowField is one input of a row: text, number, or a choice of `options`. */
export interface RowField {
  name: string;
  width: number;
  placeholder?: string;
  number?: boolean;
  options?: readonly (string | boolean)[];
  /** Labels of `options` (same order); the option's own text otherwise. */
  labels?: readonly string[];
}

/** RowList edits the form list `name`; inputs get `data-testid={testId}-{field}-{row}`. */
export function RowList(p: {
  name: string;
  label: string;
  testId: string;
  fields: readonly RowField[];
  initial?: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const input = (f: RowField, row: number) => {
    const id = `${p.testId}-${f.name}-${row}`;
    const style = { width: f.width };
    if (f.options) {
      return (
        <Select
          style={style}
          data-testid={id}
          options={f.options.map((v, i) => ({
            value: v,
            label: f.labels?.[i] ?? (v === '' ? t('form.any') : String(v)),
          }))}
        />
      );
    }
    if (f.number) {
      return <InputNumber min={0} placeholder={f.placeholder} style={style} data-testid={id} />;
    }
    return <Input placeholder={f.placeholder} style={style} data-testid={id} />;
  };
  return (
    <Form.Item label={p.label}>
      <Form.List name={p.name}>
        {(rows, { add, remove }) => (
          <Space direction="vertical">
            {rows.map((row) => (
              <Space key={row.key} align="start">
                {p.fields.map((f) => (
                  <Form.Item key={f.name} name={[row.name, f.name]} style={{ marginBottom: 0 }}>
                    {input(f, row.name)}
                  </Form.Item>
                ))}
                <Button onClick={() => remove(row.name)}>{t('common.remove')}</Button>
              </Space>
            ))}
            <Button onClick={() => add({ ...p.initial })} data-testid={`${p.testId}-add`}>
              {t('common.add')}
            </Button>
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
}
