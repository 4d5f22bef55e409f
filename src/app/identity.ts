// Who the user is, to the backend: the protocol's `token` query parameter (a JWT), which API
// Gateway's authorizer checks on `$connect`. This is the one place a deployment plugs its
// sign-in in. With no provider (the default) the app connects without a token, and the
// backend knows a user only by the random `userId` this browser keeps.
//
// Amazon Cognito through Amplify Auth, for example (`npm install aws-amplify`, then
// `Amplify.configure(...)` with the user pool before the app starts):
//
//   import { fetchAuthSession } from 'aws-amplify/auth';
//   export const tokenProvider: TokenProvider = async () =>
//     (await fetchAuthSession()).tokens?.accessToken?.toString();
//
// The provider is asked before every connection attempt, so a refreshed token is used on
// the next reconnect. A provider that throws or rejects counts as a failed attempt (the
// reconnect budget applies); the app never logs a token (see WebSocketChatService).

/** The token to connect with, or undefined for none. */
export type TokenProvider = () => Promise<string | undefined> | string | undefined;

export const tokenProvider: TokenProvider | undefined = undefined;
