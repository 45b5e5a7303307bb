// Small text helpers shared by status, conditions and events: trimming, redaction.

import { MAX_MESSAGE_LENGTH } from '../api/types.js';
import { trimMessage } from '../providers/common/classify.js';

/** docs/reference.md#status-fields: messages are trimmed to 1024 characters, control characters removed. */
export function trimText(text: string | undefined): string {
  return trimMessage(text ?? '', MAX_MESSAGE_LENGTH);
}

export const REDACTED = '[REDACTED]';
const MIN_SECRET_LENGTH = 4;

/**
 * Masks every occurrence of the given secret values. Defence in depth: provider errors are
 * secret-free by contract, but a buggy client or a cloud echoing a header must not leak a key
 * into status, Events or logs.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    out = out.split(secret).join(REDACTED);
  }
  return out;
}
