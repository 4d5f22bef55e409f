import { describe, expect, it, vi } from 'vitest';
import { TestClient, chatTurn, openSession, startServer } from './harness';

// An answer that throws stands for a bug in an agent: it must fail the turn, not the server.
vi.mock('../../../src/mock-server/assistant/responder', async (importOriginal) => {
  const original =
    await importOriginal<typeof import('../../../src/mock-server/assistant/responder')>();
  return {
    ...original,
    respond: (input: Parameters<typeof original.respond>[0]) => {
      if (input.question === 'crash') throw new Error('agent bug');
      return original.respond(input);
    },
  };
});

describe('an agent that throws', () => {
  it('fails that turn with AGENT_FAILED, also when it starts from the queue, and the session goes on', async () => {
    const server = await startServer({ paceMs: 5 });
    const client = await TestClient.forUser(server);
    const { sessionId } = await openSession(client);
    client.send({
      action: 'chat_message',
      sessionId,
      clientMessageId: 'ok-1',
      content: 'Show cost by service',
    });
    client.send({ action: 'chat_message', sessionId, clientMessageId: 'boom', content: 'crash' });
    const failure = await client.next('error');
    expect(failure).toMatchObject({
      code: 'AGENT_FAILED',
      clientMessageId: 'boom',
      retryable: true,
    });
    const turn = await chatTurn(client, sessionId, 'Forecast next month');
    expect(turn.final.message.content).toMatch(/### Forecast/);
    expect(server.log.some((line) => /agent bug/.test(line))).toBe(true);
  });
});
