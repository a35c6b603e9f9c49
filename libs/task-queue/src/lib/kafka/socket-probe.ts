import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';

/** Kafka API key of a Produce request. */
export const PRODUCE_API_KEY = 0;

/**
 * A kafkajs socket factory (the same sockets kafkajs makes) that reports every request frame the
 * client writes: its API key and its size on the wire, length prefix included. This is how the
 * 1 MB limit is checked against what really leaves the process.
 */
export function probingSocketFactory(onRequest: (apiKey: number, bytes: number) => void): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : netConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    const frames = new FrameReader(onRequest);
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (Buffer.isBuffer(chunk)) frames.feed(chunk);
      return write(chunk, ...rest);
    }) as typeof socket.write;
    return socket;
  };
}

/** Splits a written byte stream into Kafka request frames: int32 size, then int16 API key, … */
class FrameReader {
  private header = Buffer.alloc(0);
  private remaining = 0;

  constructor(private readonly onFrame: (apiKey: number, bytes: number) => void) {}

  feed(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const skip = Math.min(this.remaining, chunk.length - offset);
        this.remaining -= skip;
        offset += skip;
        continue;
      }
      const part = chunk.subarray(offset, offset + 6 - this.header.length);
      this.header = Buffer.concat([this.header, part]);
      offset += part.length;
      if (this.header.length === 6) {
        const size = this.header.readInt32BE(0);
        this.onFrame(this.header.readInt16BE(4), size + 4);
        this.remaining = size - 2;
        this.header = Buffer.alloc(0);
      }
    }
  }
}
