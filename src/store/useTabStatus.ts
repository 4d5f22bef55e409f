import { useSyncExternalStore } from 'react';
import { tabSyncOf } from './createChatStore';
import type { TabStatus } from './tabSync';
import { chatStore } from './useChatStore';

export type { TabStatus };

const tabSync = tabSyncOf(chatStore);

/**
 * Whether this tab owns the connection, follows another tab of the app that does (see
 * crossTab.ts), or is on its own.
 */
export function useTabStatus(): TabStatus {
  return useSyncExternalStore(tabSync.subscribeStatus, tabSync.getStatus, tabSync.getStatus);
}
