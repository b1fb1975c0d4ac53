// Renderer entry: connects the bridge once (outside React, so StrictMode's
// double effects never open a second socket) and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectBridge } from './api/bridge-client';
import { App } from './app/App';
import { currentLocale, i18n } from './app/i18n';
import './app/styles/tokens.css';
import './app/styles/base.css';
import './app/styles/forms.css';
import './app/styles/auth.css';
import './app/styles/shell.css';
import './app/styles/lists.css';
import './app/styles/detail.css';
import './app/styles/pipeline.css';
import './app/styles/dialogs.css';
import './app/styles/today.css';
import './app/styles/transfer.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

const api = connectBridge(window);
document.documentElement.lang = currentLocale();
document.title = i18n.t('app.name');

createRoot(container).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
