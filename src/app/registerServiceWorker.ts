/**
 * Registers the service worker (scripts/serviceWorker.js, built as /sw.js) that keeps the app
 * shell for offline use, in production builds only: the dev server and Vitest have no sw.js,
 * and a worker there would serve stale modules. After the page's load event, so its
 * downloads do not compete with the first screen's.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker
      .register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
      .catch((error: unknown) => {
        // Without a worker the app works as before, only not offline (e.g. a private window
        // in Firefox, or storage turned off).
        console.info('The app will not load offline: its service worker was refused.', error);
      });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
