import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { resolveWebSocketUrl } from './app/config';
import { startChat } from './store/startChat';

// The one place the connection starts; components only talk to the store.
startChat({ url: resolveWebSocketUrl() });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
