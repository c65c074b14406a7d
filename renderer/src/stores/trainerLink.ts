/**
 * The studio's end of one trainer connection. It (re)connects on demand and
 * tells a new run's messages from the replaced run's: after a start is
 * posted, everything is dropped until that start's own first state message.
 */

import type { TrainerConnection } from '../../../shared/api/StudioApi';
import type { FromTrainer, RunState, ToTrainer } from '../../../shared/trainer/contract';
import { studioApi } from '../hosts/studioApi';

interface StartAcknowledgement {
  state: RunState;
  iteration: number;
}

export class TrainerLink {
  private connection: TrainerConnection | null = null;
  private connecting: Promise<TrainerConnection> | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Starts posted whose first state message has not arrived, oldest first. */
  private readonly starts: StartAcknowledgement[] = [];

  constructor(private readonly deliver: (message: FromTrainer, startAcknowledged: boolean) => void) {}

  get connected(): boolean {
    return this.connection !== null;
  }

  /** True while the newest start has not been acknowledged. */
  get starting(): boolean {
    return this.starts.length > 0;
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
    this.starts.push({ state: message.paused ? 'paused' : 'running', iteration: message.state?.iteration ?? message.iterationsDone ?? 0 });
    connection.post(message);
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
    this.starts.length = 0;
  }

  private receive(message: FromTrainer): void {
    if (message.type === 'error') {
      // A refused start is never acknowledged, so nothing that follows it could be told apart; stop waiting.
      if (message.code === 'bad-config' || message.code === 'bad-message') this.starts.length = 0;
      this.deliver(message, false);
      if (message.code === 'crashed') this.drop();
      return;
    }
    if (this.starts.length > 0) {
      const expected = this.starts[0]!;
      if (message.type !== 'state' || message.state !== expected.state || message.iteration !== expected.iteration) return;
      this.starts.shift();
      if (this.starts.length > 0) return;
      this.deliver(message, true);
      return;
    }
    this.deliver(message, false);
  }
}
