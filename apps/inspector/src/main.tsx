/**
 * The inspector's entry point: signs in with the URL's token (taken out of the address bar
 * first), then renders the app over the real bridge client, IndexedDB captures, the matching
 * worker and, when the bridge has contracts, the contracts worker.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBridgeClient } from './api/bridge-client.js';
import { App } from './app/App.js';
import { CrashBoundary } from './app/CrashBoundary.js';
import { SignInGate } from './app/SignInGate.js';
import { browserSessionKeyStore, signIn, takeSignInToken } from './app/sign-in.js';
import { createIndexedDbCaptureStore } from './captures/capture-store.js';
import { createWorkerContractChecker } from './contracts/contract-checker.js';
import { createBrowserMatchEngine } from './worker/match-engine.js';
import './styles.css';

const token = takeSignInToken(window.location, window.history);
const keys = browserSessionKeyStore();
const client = createBridgeClient({ sessionKey: keys.get });
const signedIn = signIn(client, keys, token);
const store = createIndexedDbCaptureStore();
const engine = createBrowserMatchEngine();
const loadContracts = async () => {
  const script = await client.contractsBundle();
  return script === undefined ? undefined : createWorkerContractChecker(script);
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CrashBoundary>
      <SignInGate signedIn={signedIn}>
        <App client={client} store={store} engine={engine} loadContracts={loadContracts} />
      </SignInGate>
    </CrashBoundary>
  </StrictMode>,
);
