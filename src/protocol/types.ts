import type { z } from 'zod/mini';
import type {
  chatMessageSchema,
  clientFrameSchema,
  errorCodeSchema,
  preferencesSchema,
  roleSchema,
  serverFrameSchema,
  sessionInfoSchema,
} from './schemas';

export type Role = z.infer<typeof roleSchema>;
/** One message of a conversation, as stored by the server. */
export type ChatMessage = z.infer<typeof chatMessageSchema>;
/** A conversation's metadata, scoped to its owner. */
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
/** How the assistant presents figures to this user. */
export type Preferences = z.infer<typeof preferencesSchema>;
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** Any frame the client sends; `action` discriminates. */
export type ClientFrame = z.infer<typeof clientFrameSchema>;
export type ClientAction = ClientFrame['action'];
export type ClientFrameOf<A extends ClientAction> = Extract<ClientFrame, { action: A }>;

/** Any frame the server sends; `type` discriminates. */
export type ServerFrame = z.infer<typeof serverFrameSchema>;
export type ServerFrameType = ServerFrame['type'];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A client frame before the sender gives it a `requestId`. */
export type OutgoingClientFrame = DistributiveOmit<ClientFrame, 'requestId'>;
/** A server frame before the sender stamps its `timestamp`. */
export type OutgoingServerFrame = DistributiveOmit<ServerFrame, 'timestamp'>;
