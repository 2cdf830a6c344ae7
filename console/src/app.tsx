/** @module The app shell: antd theme and locale, sign-in gate, sidebar, header and routes. */
import {
  App as AntApp,
  ConfigProvider,
  Layout,
  Menu,
  Select,
  Space,
  Typography,
  Button,
} from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Namespace } from '../../src/api/core/v1/types.ts';
import { onUnauthorized } from './api/client.ts';
import { R } from './api/resources.ts';
import { ConnectionBadge } from './components/connection-badge.tsx';
import { LanguageSwitch } from './components/language-switch.tsx';
import { SignIn } from './components/sign-in.tsx';
import { useList } from './data/use-list.ts';
import { clearToken, getToken } from './lib/auth.ts';
import { setNamespace, useNamespace } from './lib/namespace.ts';
import { navigate, useRoute } from './lib/router.ts';
import { Routes } from './routes.tsx';

/** App renders the sign-in page or the console. */
export function App() {
  const { i18n } = useTranslation();
  const [signedIn, setSignedIn] = useState(() => getToken() !== undefined);
  useEffect(
    () =>
      onUnauthorized(() => {
        clearToken();
        setSignedIn(false);
      }),
    [],
  );
  return (
    <ConfigProvider locale={i18n.language === 'zh-CN' ? zhCN : enUS}>
      <AntApp>{signedIn ? <Shell /> : <SignIn onSignedIn={() => setSignedIn(true)} />}</AntApp>
    </ConfigProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const route = useRoute();
  const section = route[0] ?? 'daemonsets';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <Typography.Title level={5} style={{ padding: '16px 24px', margin: 0 }}>
          everynode
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={[section]}
          onClick={({ key }) => navigate(`/${key}`)}
          items={[
            {
              key: 'daemonsets',
              label: <span data-testid="nav-daemonsets">{t('nav.daemonsets')}</span>,
            },
            { key: 'nodes', label: <span data-testid="nav-nodes">{t('nav.nodes')}</span> },
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            borderBottom: '1px solid #f0f0f0',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            paddingInline: 24,
          }}
        >
          <Space size="large">
            <NamespaceFilter />
            <ConnectionBadge />
            <LanguageSwitch />
            <Button
              size="small"
              onClick={() => {
                clearToken();
                window.location.reload();
              }}
            >
              {t('header.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Routes route={route} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function NamespaceFilter() {
  const { t } = useTranslation();
  const namespace = useNamespace();
  const list = useList<Namespace>(R.namespaces);
  return (
    <Space>
      <span>{t('header.namespace')}</span>
      <Select
        data-testid="namespace-filter"
        style={{ width: 200 }}
        value={namespace}
        onChange={setNamespace}
        showSearch
        options={[
          { value: '', label: t('header.allNamespaces') },
          ...list.items.map((n) => ({
            value: n.metadata.name ?? '',
            label: n.metadata.name ?? '',
          })),
        ]}
      />
    </Space>
  );
}
