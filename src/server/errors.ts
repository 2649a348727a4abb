/**
 * Stable error codes at the HTTP edge, each with its status (after Fastify's lib/errors.js).
 * Inner layers return these codes as values; only the server maps them to a status.
 */
export const ErrorCodes = {
  SIGNATURE_MISSING: 401,
  SIGNATURE_INVALID: 401,
  SIGNATURE_STALE: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  AUTH_RATE_LIMITED: 429,
  SHOP_UNKNOWN: 401,
  SHOP_MISSING: 400,
  TOPIC_MISSING: 400,
  DELIVERY_ID_MISSING: 400,
  MALFORMED_JSON: 400,
  INVALID_UTF8: 400,
  CONTENT_TYPE_UNSUPPORTED: 415,
  BODY_TOO_LARGE: 413,
  PAYLOAD_INVALID: 422,
  REPLAY_WINDOW_TOO_LARGE: 422,
  REPLAY_OUT_OF_MEMORY: 422,
  REPLAY_IN_PROGRESS: 409,
  FLOWS_INVALID: 422,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  OUTBOX_NOT_RETRYABLE: 409,
  OUTBOX_NOT_CANCELLABLE: 409,
  RUN_NOT_AWAITING_APPROVAL: 409,
  REVIEW_ITEM_CLOSED: 409,
  STORE_UNAVAILABLE: 503,
  NOT_READY: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export function httpStatusOf(code: ErrorCode): number {
  return ErrorCodes[code];
}

/** The one error body every route returns. */
export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}
