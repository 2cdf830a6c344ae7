/** @module A Form.List of key/value rows (node selector, labels). */
import { Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** KeyValueList edits `name` as a list of { key, value }. */
export function KeyValueList({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <Space direction="vertical">
            {fields.map((field) => (
              <Space key={field.key}>
                <Form.Item noStyle name={[field.name, 'key']}>
                  <Input placeholder={t('common.key')} style={{ width: 240 }} />
                </Form.Item>
                <Form.Item noStyle name={[field.name, 'value']}>
                  <Input placeholder={t('common.value')} style={{ width: 180 }} />
                </Form.Item>
                <Button onClick={() => remove(field.name)}>{t('common.remove')}</Button>
              </Space>
            ))}
            <Button onClick={() => add({})}>{t('common.add')}</Button>
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
}
