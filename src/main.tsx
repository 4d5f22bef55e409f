import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { resolveWebSocketUrl } from './app/config';
import { startChat } from './store/startChat';

// The one place the connection starts; components only talk to the store.
startChat({ url: resolveWebSocketUrl() });

// index.html shows a static shell of this screen until React's first render replaces it.
// Rendering in a transition lets React yield to the browser every few milliseconds, so
// the first render is many short tasks instead of one long one that would block input.
startTransition(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
