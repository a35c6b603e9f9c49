import type { EmulatorServer } from './http/emulator-server';

/** What every emulator offers: its server (request counts, faults) and a lifecycle. */
export interface Emulator {
  readonly server: EmulatorServer;
  /** Listens on loopback (port 0 = a free one) and returns the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}
