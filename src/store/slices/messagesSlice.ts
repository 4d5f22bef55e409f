import { idRecord } from '../records';
import type { MessagesSlice } from '../types';
import type { ChatSliceCreator } from './sliceTypes';

export const createMessagesSlice: ChatSliceCreator<MessagesSlice> = (engine) => () => ({
  messages: idRecord(),
  order: idRecord(),
  streamingText: idRecord(),
  outbox: [],
  typing: idRecord(),
  sendMessage: (content, origin) => engine.sendMessage(content, origin),
  askAgain: (answerKey) => engine.askAgain(answerKey),
  retryMessage: (clientMessageId) => engine.retry([clientMessageId]),
  retryAllFailed: () => engine.retryAllFailed(),
  cancelReply: () => engine.cancelReply(),
});
