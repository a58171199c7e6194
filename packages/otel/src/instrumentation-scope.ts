/** The instrumentation scope of every span this package starts. */
import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api';

/** The scope's name: this package. */
export const SCOPE_NAME = '@sqs-mega/otel';
/** The scope's version: this package's (a test keeps it equal to package.json's). */
export const SCOPE_VERSION = '0.1.0';

/** The tracer of `provider`, or of the global provider (the API's no-op one when no SDK is registered). */
export function tracerOf(provider: TracerProvider | undefined): Tracer {
  return (provider ?? trace.getTracerProvider()).getTracer(SCOPE_NAME, SCOPE_VERSION);
}
