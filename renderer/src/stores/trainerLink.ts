/**
 * The studio's end of one trainer connection. It (re)connects on demand and
 * tells a new run's messages from the replaced run's: every start carries a
 * new run id, and after a start is posted everything is dropped until a state
 * message echoing that id. Content alone cannot tell them apart: a replaced run
 * paused at iteration 0 reports just what a new paused start does.
 */

import type { TrainerConnection } from '@shared/api/studioApi';
import type { FromTrainer, ToTrainer } from '@shared/trainer/contract';
import { studioApi } from '../hosts/studioApi';

export class TrainerLink {
  private connection: TrainerConnection | null = null;
  private connecting: Promise<TrainerConnection> | null = null;
  private unsubscribe: (() => void) | null = null;
  private lastRunId = 0;
  /** The run id of the newest start while its first state message has not arrived. */
  private awaitedRunId: number | null = null;

  constructor(private readonly deliver: (message: FromTrainer, startAcknowledged: boolean) => void) {}

  get connected(): boolean {
    return this.connection !== null;
  }

  /** True while the newest start has not been acknowledged. */
  get starting(): boolean {
    return this.awaitedRunId !== null;
  }

  async connect(): Promise<TrainerConnection> {
    if (this.connection) return this.connection;
    this.connecting ??= studioApi()
      .connectTrainer()
      .then((connection) => {
        this.connection = connection;
        this.unsubscribe = connection.onMessage((message) => this.receive(message));
        return connection;
      })
      .finally(() => {
        this.connecting = null;
      });
    return this.connecting;
  }

  async start(message: Extract<ToTrainer, { type: 'start' }>): Promise<void> {
    const connection = await this.connect();
    const runId = ++this.lastRunId;
    this.awaitedRunId = runId;
    connection.post({ ...message, runId });
  }

  /** Posts to the current trainer; false when there is none (never started, or crashed). */
  post(message: ToTrainer): boolean {
    if (!this.connection) return false;
    this.connection.post(message);
    return true;
  }

  /** Forgets a trainer that crashed; the next start connects to a new one. */
  drop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.connection?.close();
    this.connection = null;
    this.awaitedRunId = null;
  }

  private receive(message: FromTrainer): void {
    if (message.type === 'error') {
      // A refused start is never acknowledged, so nothing that follows it could be told apart; stop waiting.
      if (message.code === 'bad-config' || message.code === 'bad-message') this.awaitedRunId = null;
      this.deliver(message, false);
      if (message.code === 'crashed') this.drop();
      return;
    }
    if (this.awaitedRunId !== null) {
      if (message.type !== 'state' || message.runId !== this.awaitedRunId) return;
      this.awaitedRunId = null;
      this.deliver(message, true);
      return;
    }
    this.deliver(message, false);
  }
}
