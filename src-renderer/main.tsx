// Renderer entry: connects the bridge once (outside React, so StrictMode's
// double effects never open a second socket) and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBridge } from './api/bridge-client';
import { App } from './app/App';
import { t } from './app/i18n';
import './app/styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

const api = connectBridge(window);
document.title = t('app.name');

createRoot(container).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
