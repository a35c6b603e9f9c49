import { TaskQueueError } from '../errors';
import { EVENT_HUBS_MAX_REQUEST_BYTES, requestBytes, type OutgoingMessage } from '../produce-requests';
import type { MessagePosition } from '../task-queue';

/** A message stored by the {@link MemoryBroker}. */
export interface MemoryRecord {
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** A consumer-group member: told which partitions it holds whenever the group changes. */
export interface MemoryGroupMember {
  assigned(partitions: readonly number[]): void;
}

interface Group {
  topic: string;
  members: MemoryGroupMember[];
  committed: Map<number, bigint>;
}

/** A partition's log: `records[i]` has offset `start + i`. */
interface PartitionLog {
  start: bigint;
  records: MemoryRecord[];
}

/** The offset the next record of `log` gets. */
function endOf(log: PartitionLog): bigint {
  return log.start + BigInt(log.records.length);
}

/** Appends a record at the end of `log`; its offset. */
function append(log: PartitionLog, record: Omit<MemoryRecord, 'offset'>): bigint {
  const offset = endOf(log);
  log.records.push({ offset, ...record });
  return offset;
}

/** Consumed records are dropped in chunks of at least this many (a splice per commit would be quadratic). */
const TRIM_CHUNK = 1024;

/**
 * An in-process stand-in for a Kafka broker, with what the task queue relies on: partitioned
 * topics (a key always maps to one partition), consumer groups with committed offsets and
 * reassignment when members come and go, and Event Hubs' request size limit.
 *
 * Retention: records below the committed offset of every group that consumes the topic are
 * dropped (the log start moves, as Kafka's retention moves it), so a long embedded run does not
 * grow. Topics nobody consumes (dead letters, a topic before its executor starts) keep everything.
 */
export class MemoryBroker {
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, Group>();
  private readonly listeners = new Set<(topic: string) => void>();
  private roundRobin = 0;

  constructor(
    /** Requests above this many bytes fail, as Event Hubs closes the connection. */
    readonly maxRequestBytes: number = EVENT_HUBS_MAX_REQUEST_BYTES,
  ) {}

  /** Creates a topic (no-op if it exists). */
  createTopic(topic: string, partitions = 1): void {
    if (!this.topics.has(topic))
      this.topics.set(
        topic,
        Array.from({ length: partitions }, () => ({ start: 0n, records: [] })),
      );
  }

  partitionCount(topic: string): number {
    return this.log(topic).length;
  }

  /** Appends one produce request's messages; returns the request's size (bytes, upper bound). */
  produce(
    topic: string,
    messages: readonly OutgoingMessage[],
  ): { bytes: number; positions: MessagePosition[] } {
    const partitions = this.log(topic);
    const bytes = requestBytes(messages, topic);
    if (bytes > this.maxRequestBytes) {
      throw new TaskQueueError(
        'TASK_QUEUE_CONNECTION_FAILED',
        `Produce request of ${bytes} bytes is above the broker's limit of ${this.maxRequestBytes} bytes: connection closed`,
        { topic, operation: 'produce' },
      );
    }
    const positions = messages.map((message) => {
      const partition =
        message.key === null
          ? this.roundRobin++ % partitions.length
          : hashKey(message.key) % partitions.length;
      const offset = append(partitions[partition] as PartitionLog, {
        key: message.key === null ? null : Buffer.from(message.key),
        value: message.value === null ? null : Buffer.from(message.value),
        headers: { ...message.headers },
      });
      return { topic, partition, offset: String(offset) };
    });
    for (const listener of this.listeners) listener(topic);
    return { bytes, positions };
  }

  /** Appends raw values (tests: poison messages, the original's key-less messages). */
  produceRaw(topic: string, value: Buffer | string | null, partition = 0): MessagePosition {
    const log = this.log(topic)[partition];
    if (!log) throw new RangeError(`${topic} has no partition ${partition}`);
    const offset = append(log, { key: null, value: value === null ? null : Buffer.from(value), headers: {} });
    for (const listener of this.listeners) listener(topic);
    return { topic, partition, offset: String(offset) };
  }

  /** Records of a partition from `offset` on (at most `max`); below the log start, from the start. */
  read(topic: string, partition: number, offset: bigint, max = Number.MAX_SAFE_INTEGER): MemoryRecord[] {
    const log = this.log(topic)[partition];
    if (!log) return [];
    const from = offset > log.start ? Number(offset - log.start) : 0;
    return log.records.slice(from, from + max);
  }

  /** The offset of the oldest record still held (0 until consumed records are dropped). */
  startOffset(topic: string, partition: number): bigint {
    return this.log(topic)[partition]?.start ?? 0n;
  }

  endOffset(topic: string, partition: number): bigint {
    const log = this.log(topic)[partition];
    return log ? endOf(log) : 0n;
  }

  committed(groupId: string, partition: number): bigint | undefined {
    return this.groups.get(groupId)?.committed.get(partition);
  }

  commit(groupId: string, offsets: readonly MessagePosition[]): void {
    const group = this.groups.get(groupId);
    if (!group) throw new TaskQueueError('TASK_QUEUE_INVALID_STATE', `Group ${groupId} has no members`);
    for (const o of offsets) {
      group.committed.set(o.partition, BigInt(o.offset));
      this.dropConsumed(group.topic, o.partition);
    }
  }

  /** Drops the records every group of the topic has committed past. */
  private dropConsumed(topic: string, partition: number): void {
    let consumed: bigint | undefined;
    for (const group of this.groups.values()) {
      if (group.topic !== topic) continue;
      const committed = group.committed.get(partition) ?? 0n;
      if (consumed === undefined || committed < consumed) consumed = committed;
    }
    const log = this.topics.get(topic)?.[partition];
    if (!log || consumed === undefined) return;
    const count = Number(consumed - log.start);
    if (count < TRIM_CHUNK) return;
    log.records.splice(0, count);
    log.start = consumed;
  }

  /** Adds a member; every member of the group is told its partitions again. */
  join(groupId: string, topic: string, member: MemoryGroupMember): void {
    let group = this.groups.get(groupId);
    if (!group) {
      group = { topic, members: [], committed: new Map() };
      this.groups.set(groupId, group);
    }
    if (group.topic !== topic) {
      throw new TaskQueueError(
        'TASK_QUEUE_INVALID_STATE',
        `Group ${groupId} consumes ${group.topic}, not ${topic}`,
      );
    }
    group.members.push(member);
    this.rebalance(group);
  }

  leave(groupId: string, member: MemoryGroupMember): void {
    const group = this.groups.get(groupId);
    if (!group) return;
    group.members = group.members.filter((m) => m !== member);
    this.rebalance(group);
  }

  /** Calls `listener(topic)` after every produce, until the returned function is called. */
  onProduce(listener: (topic: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private rebalance(group: Group): void {
    const count = this.partitionCount(group.topic);
    group.members.forEach((member, index) => {
      const mine: number[] = [];
      for (let p = index; p < count; p += group.members.length) mine.push(p);
      member.assigned(mine);
    });
  }

  private log(topic: string): PartitionLog[] {
    const partitions = this.topics.get(topic);
    if (!partitions) {
      throw new TaskQueueError('TASK_QUEUE_TOPIC_NOT_FOUND', `Topic ${topic} does not exist`, { topic });
    }
    return partitions;
  }
}

/** FNV-1a: stable across runs, so one key always maps to one partition. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
