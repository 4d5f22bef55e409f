import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { resolveWebSocketUrl } from './services/backendUrl';
import { tokenProvider } from './app/identity';
import { registerServiceWorker } from './app/registerServiceWorker';
import { workerSocketFactory } from './services/workerSocket';
import { LazyMarkdownText } from './components/markdown/lazyMarkdownText';
import { lastMessage } from './store/selectors';
import { startChat } from './store/startChat';
import { useChatStore } from './store/useChatStore';

// The one place the connection starts; components only talk to the store.
startChat({
  url: resolveWebSocketUrl(),
  getToken: tokenProvider,
  createSocket: workerSocketFactory(),
});
registerServiceWorker();

// index.html shows a static shell of this screen until React's first render replaces it.
// Rendering in a transition lets React yield to the browser every few milliseconds, so
// the first render is many short tasks instead of one long one that would block input.
const render = () =>
  startTransition(() => {
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });

// A conversation resumed from the last visit, from this device or from the server, is drawn
// once its answers can be formatted: formatted later, they would move what the reader sees.
// A first visit is drawn at once; the renderers load once a question is being written
// (preloadAnswerRenderers).
const resumed = useChatStore.getState();
if (resumed.currentSessionId !== null || lastMessage(resumed)) {
  void LazyMarkdownText.loaded().then(render);
} else {
  render();
}
