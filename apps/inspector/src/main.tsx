/** The inspector's entry point: the real bridge client, IndexedDB captures and the matching worker. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBridgeClient } from './api/bridge-client.js';
import { App } from './app/App.js';
import { CrashBoundary } from './app/CrashBoundary.js';
import { createIndexedDbCaptureStore } from './captures/capture-store.js';
import { createBrowserMatchEngine } from './worker/match-engine.js';
import './styles.css';

const client = createBridgeClient();
const store = createIndexedDbCaptureStore();
const engine = createBrowserMatchEngine();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CrashBoundary>
      <App client={client} store={store} engine={engine} />
    </CrashBoundary>
  </StrictMode>,
);
