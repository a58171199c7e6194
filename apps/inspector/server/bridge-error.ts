/**
 * `BridgeError`: every refusal and failure the bridge answers with, carrying the contract's stable
 * code, the HTTP status that goes with it and a message the app shows as is.
 */
import type { BridgeErrorBody, BridgeErrorCode } from '../shared/bridge-api.js';

/** The HTTP status of each {@link BridgeErrorCode}, as `shared/bridge-api.ts` pins them. */
export const BRIDGE_ERROR_STATUS = {
  UNAUTHORIZED: 401,
  SIGN_IN_LINK_USED: 401,
  FORBIDDEN_HOST: 403,
  FORBIDDEN_ORIGIN: 403,
  WRITES_DISABLED: 403,
  BAD_REQUEST: 400,
  QUEUE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  RECEIVE_COUNT_NOT_ACKNOWLEDGED: 409,
  ACCESS_DENIED: 403,
  ENDPOINT_DOWN: 502,
  ENDPOINT_TIMEOUT: 504,
  RESPONSE_TOO_LARGE: 502,
  INTERNAL: 500,
  SQS_ERROR: 502,
} as const satisfies Record<BridgeErrorCode, number>;

/** An HTTP status the bridge answers errors with. */
export type BridgeErrorStatus = (typeof BRIDGE_ERROR_STATUS)[BridgeErrorCode];

/**
 * A refusal or failure with a stable {@link BridgeErrorCode}. Thrown anywhere in a request's
 * handling; the app's error handler turns it into a {@link BridgeErrorBody} with {@link status}.
 */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  /** The stable code the app switches on. */
  readonly code: BridgeErrorCode;
  /** The SQS error name, when SQS answered with one (e.g. `QueueDoesNotExist`). */
  readonly sqsCode: string | undefined;

  /**
   * @param code the stable code; the HTTP status follows from it
   * @param message what happened and what to do, shown to the user as is
   * @param sqsCode the SQS error name, when SQS answered with one
   */
  constructor(code: BridgeErrorCode, message: string, sqsCode?: string) {
    super(message);
    this.code = code;
    this.sqsCode = sqsCode;
  }

  /** The HTTP status of {@link code}. */
  get status(): BridgeErrorStatus {
    return BRIDGE_ERROR_STATUS[this.code];
  }

  /** The JSON body the bridge answers with. */
  toBody(): BridgeErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.sqsCode === undefined ? {} : { sqsCode: this.sqsCode }) } };
  }
}
