import type { MessagesSlice } from '../types';
import type { ChatSliceCreator } from './sliceTypes';

export const createMessagesSlice: ChatSliceCreator<MessagesSlice> = (engine) => () => ({
  messages: {},
  order: {},
  streamingText: {},
  outbox: [],
  typing: {},
  sendMessage: (content) => engine.sendMessage(content),
  retryMessage: (clientMessageId) => engine.retry([clientMessageId]),
  retryAllFailed: () => engine.retryAllFailed(),
  cancelReply: () => engine.cancelReply(),
});
