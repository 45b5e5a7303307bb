// HTTP status of an error thrown by @kubernetes/client-node 2.x (`ApiException.code`), if any.
// Only 100–599 counts: an aborted undici request rejects with a DOMException whose numeric
// `code` is 20 (ABORT_ERR), which is not an answer from the apiserver.

export function apiErrorCode(error: unknown): number | undefined {
  if (error !== null && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'number' && code >= 100 && code <= 599) return code;
  }
  return undefined;
}

/** `Error` as `message`, any other error class as `Name: message`. */
function describeError(error: Error): string {
  return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
}

/** A short, secret-free description of a Kubernetes API failure (never the response body). */
export function describeApiError(error: unknown): string {
  const code = apiErrorCode(error);
  if (code !== undefined) return `HTTP ${code}`;
  if (error instanceof Error) {
    // undici's fetch rejects with "TypeError: fetch failed" and the reason in `cause`
    // (ECONNREFUSED, a TLS error, a reset socket).
    const { cause } = error;
    const reason = cause instanceof Error ? ` (${describeError(cause)})` : '';
    return `${describeError(error)}${reason}`;
  }
  return String(error);
}
