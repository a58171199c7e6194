/**
 * `InspectorStartError`: why the inspector could not start, with a stable code and what to do.
 */

/** Stable codes of {@link InspectorStartError}. */
export type InspectorStartErrorCode =
  /** The requested port is taken. */
  | 'PORT_IN_USE'
  /** `--endpoint` is not an http(s) URL. */
  | 'INVALID_ENDPOINT'
  /** `--aws` without a region from `--region`, `AWS_REGION` or the AWS config. */
  | 'REGION_MISSING'
  /** The demo queues could not be created or filled. */
  | 'DEMO_FAILED'
  /** `--contracts` names no file, or a module that does not bundle for the browser. */
  | 'CONTRACTS_FAILED';

/** The inspector could not start; {@link code} says why and the message what to do. */
export class InspectorStartError extends Error {
  override readonly name = 'InspectorStartError';
  /** The stable code. */
  readonly code: InspectorStartErrorCode;

  /**
   * @param code the stable code
   * @param message what happened and what to do
   * @param options the underlying error, if any
   */
  constructor(code: InspectorStartErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
