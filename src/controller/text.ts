// Small text helpers shared by status, conditions and events: trimming, redaction.

import { MAX_MESSAGE_LENGTH } from '../api/types.js';
import { scrubSecrets } from '../providers/common/bounds.js';
import { trimMessage } from '../providers/common/classify.js';

/** docs/reference.md#status-fields: messages are trimmed to 1024 characters, control characters removed. */
export function trimText(text: string | undefined): string {
  return trimMessage(text ?? '', MAX_MESSAGE_LENGTH);
}

const REDACTED = '[REDACTED]';

/**
 * Masks every occurrence of the given secret values. Defence in depth: provider errors are
 * secret-free by contract, but a buggy client or a cloud echoing a header must not leak a key
 * into status, Events or logs.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  return scrubSecrets(text, secrets, REDACTED);
}
