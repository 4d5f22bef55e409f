import { DEFAULT_PREFERENCES } from '../../protocol/preferences';
import { randomId } from '../engine/randomId';
import type { PreferencesSlice } from '../types';
import type { ChatSliceCreator } from './sliceTypes';

export const createPreferencesSlice: ChatSliceCreator<PreferencesSlice> = (engine) => () => ({
  // Replaced by the stored id on rehydration, or by a deployment-supplied one in startChat.
  userId: randomId(),
  preferences: DEFAULT_PREFERENCES,
  preferencesDirty: false,
  updatePreferences: (preferences) => engine.updatePreferences(preferences),
});
