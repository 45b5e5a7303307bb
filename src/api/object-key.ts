// The work-queue and cache key of a namespaced object: "namespace/name" ("name" alone for a
// cluster-scoped one). The informer builds keys; the operator and the reconciler read them back.

export function objectKeyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Splits a key made by objectKeyOf. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
