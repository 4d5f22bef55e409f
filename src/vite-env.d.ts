/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The backend's WebSocket endpoint, e.g. wss://abc.execute-api.eu-west-1.amazonaws.com/prod */
  readonly VITE_WS_URL?: string;
  /** "true" builds an app that talks to the mock server on its own origin. */
  readonly VITE_USE_MOCK?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
