import type { ConnectionSlice } from '../types';
import type { ChatSliceCreator } from './sliceTypes';

export const createConnectionSlice: ChatSliceCreator<ConnectionSlice> = (engine) => () => ({
  connection: { kind: 'idle' },
  reconnect: () => engine.reconnect(),
});
