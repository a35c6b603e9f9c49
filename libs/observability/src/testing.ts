// For tests only: an in-memory trace SDK, so a test can see the spans (and the trace context
// carried between them) that code made through @opentelemetry/api.
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface SpanCapture {
  /** Spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  reset(): void;
  /** Unregisters the SDK: @opentelemetry/api is a no-op again. */
  stop(): Promise<void>;
}

/** Registers a tracer provider (async-local context, W3C trace context propagation) that keeps spans in memory. */
export function captureSpans(): SpanCapture {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  return {
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    stop: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

export type { ReadableSpan };
