/** @module The sign-in page: a bearer token, checked against the API before it is kept. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authHeaders, toApiError } from '../api/client.ts';
import { setToken } from '../lib/auth.ts';
import { LanguageSwitch } from './language-switch.tsx';

/** SignIn asks for a token and calls onSignedIn once the API accepts it. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ token }: { token: string }): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      // Any authenticated read proves the token; namespaces are readable by every console user.
      const res = await fetch('/api/v1/namespaces?limit=1', { headers: authHeaders(token.trim()) });
      if (!res.ok) throw await toApiError(res);
      setToken(token);
      onSignedIn();
    } catch (e: unknown) {
      setError(t('signIn.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 96 }}>
      <Card title={t('signIn.title')} style={{ width: 480 }} extra={<LanguageSwitch />}>
        <Typography.Paragraph type="secondary">{t('signIn.help')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={(v: { token: string }) => void submit(v)}>
          <Form.Item label={t('signIn.token')} name="token" rules={[{ required: true }]}>
            <Input.Password data-testid="token-input" autoComplete="off" />
          </Form.Item>
          {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="sign-in" block>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
