// Which informer events queue a key and which make the operator forget an object — the
// informer → work queue wiring of the operator (controller-runtime's event handler + predicate).
import { generationChanged, objectKey, type InformerHandlers, type KubeObject } from './informer.js';

/** The part of the WorkQueue the wiring uses. */
interface KeyQueue {
  add(key: string): void;
  remove(key: string): void;
}

/** True when the key now names another object: deleted and re-created under the same name
 *  while the informer was away, so a relist reports it as an update. */
function uidChanged(obj: KubeObject, old: KubeObject): boolean {
  const uid = (o: KubeObject): unknown => (o.metadata as { uid?: unknown } | undefined)?.uid;
  return uid(obj) !== undefined && uid(old) !== undefined && uid(obj) !== uid(old);
}

/**
 * - add: queue the key;
 * - update: queue it only when the spec changed (status writes, ours included, do not poll),
 *   or when the uid changed — then it is a delete of the old object plus an add of the new one,
 *   since a re-created object usually has generation 1 like the one it replaces;
 * - delete: drop the key from the queue and let `forget` drop the object's memory.
 */
export function queueingHandlers<T extends KubeObject>(
  queue: KeyQueue,
  forget: (obj: T) => void,
): Required<Pick<InformerHandlers<T>, 'onAdd' | 'onUpdate' | 'onDelete'>> {
  const onDelete = (obj: T): void => {
    queue.remove(objectKey(obj));
    forget(obj);
  };
  return {
    onAdd: (obj) => queue.add(objectKey(obj)),
    onUpdate: (obj, old) => {
      if (uidChanged(obj, old)) {
        onDelete(old);
        queue.add(objectKey(obj));
      } else if (generationChanged(obj, old)) queue.add(objectKey(obj));
    },
    onDelete,
  };
}
