import { idRecord } from '../records';
import type { SessionsSlice } from '../types';
import type { ChatSliceCreator } from './sliceTypes';

export const createSessionsSlice: ChatSliceCreator<SessionsSlice> = (engine) => () => ({
  currentSessionId: null,
  sessions: [],
  history: idRecord(),
  newChat: () => engine.newChat(),
  switchSession: (sessionId) => engine.switchSession(sessionId),
  clearSession: (sessionId) => engine.clearSession(sessionId),
  deleteSession: (sessionId) => engine.deleteSession(sessionId),
  renameSession: (sessionId, title) => engine.renameSession(sessionId, title),
  refreshSessions: () => engine.refreshSessions(),
  loadOlder: () => engine.loadOlder(),
});
