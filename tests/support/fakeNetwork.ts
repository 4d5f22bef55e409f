// A socket whose every step is taken by the test: connection attempts, each frame in each
// direction, losses, duplicates and closes. Frames never reorder (TCP), but may be lost.
import type { SocketLike } from '../../src/services/WebSocketChatService';

export interface FakeSocketServer {
  accept(socket: FakeSocket): void;
  receive(socket: FakeSocket, data: string): void;
  disconnect(socket: FakeSocket): void;
}

export class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly toServer: string[] = [];
  readonly toClient: string[] = [];

  constructor(
    readonly url: string,
    private readonly server: FakeSocketServer,
  ) {}

  // ---- the client's side (what the service calls) ----

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
    this.toServer.push(data);
  }

  close(): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.toServer.length = 0;
    this.toClient.length = 0;
    this.server.disconnect(this);
  }

  // ---- the network's side ----

  open(): void {
    if (this.readyState !== 0) return;
    this.readyState = 1;
    this.server.accept(this);
    this.onopen?.({});
  }

  failToConnect(): void {
    if (this.readyState !== 0) return;
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006, reason: '' });
  }

  /** The server (or the network) ends the connection; whatever was in flight is lost. */
  drop(code: number, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.toServer.length = 0;
    this.toClient.length = 0;
    this.server.disconnect(this);
    this.onclose?.({ code, reason });
  }

  pushToClient(data: string): void {
    if (this.readyState === 1) this.toClient.push(data);
  }

  deliverToServer(): boolean {
    const data = this.toServer.shift();
    if (data === undefined || this.readyState !== 1) return false;
    this.server.receive(this, data);
    return true;
  }

  deliverToClient(): boolean {
    const data = this.toClient.shift();
    if (data === undefined || this.readyState !== 1) return false;
    this.onmessage?.({ data });
    return true;
  }
}
