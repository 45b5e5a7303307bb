// HTTP status of an error thrown by @kubernetes/client-node 1.x (`ApiException.code`), if any.

export function apiErrorCode(error: unknown): number | undefined {
  if (error !== null && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** A short, secret-free description of a Kubernetes API failure (never the response body). */
export function describeApiError(error: unknown): string {
  const code = apiErrorCode(error);
  if (code !== undefined) return `HTTP ${code}`;
  if (error instanceof Error)
    return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}
