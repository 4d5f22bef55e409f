import type { Preferences } from './types';

/** What a user who has never chosen gets. */
export const DEFAULT_PREFERENCES: Preferences = {
  currency: 'USD',
  timeRange: '30d',
  detailLevel: 'standard',
};
