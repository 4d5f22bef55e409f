import { idRecord } from '../records';
import type { UiSlice } from '../types';
import type { ChatSliceCreator } from './sliceTypes';

export const createUiSlice: ChatSliceCreator<UiSlice> = () => (set) => ({
  drafts: idRecord(),
  notices: [],
  storageAvailable: true,
  setDraft: (sessionId, text) =>
    set((state) => {
      if ((state.drafts[sessionId] ?? '') === text) return {};
      const drafts = idRecord(state.drafts);
      if (text === '') delete drafts[sessionId];
      else drafts[sessionId] = text;
      return { drafts };
    }),
  dismissNotice: (id) =>
    set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
});
