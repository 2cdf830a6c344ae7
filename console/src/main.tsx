/** @module Entry point: takes the token from the URL fragment, then renders the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import { captureTokenFromUrl } from './lib/auth.ts';
import { App } from './app.tsx';

captureTokenFromUrl();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
