import type { StateCreator } from 'zustand';
import type { ChatEngine } from '../chatEngine';
import type { ChatState } from '../types';

/** A slice of the one chat store; persist is applied to the combined store only. */
export type ChatSliceCreator<Slice> = (
  engine: ChatEngine,
) => StateCreator<ChatState, [['zustand/persist', unknown]], [], Slice>;
