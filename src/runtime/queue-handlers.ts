// Which informer events queue a key and which make the operator forget an object — the
// informer → work queue wiring of the operator (controller-runtime's event handler + predicate).
import { generationChanged, objectKey, type InformerHandlers, type KubeObject } from './informer.js';

/** The part of the WorkQueue the wiring uses. */
export interface KeyQueue {
  add(key: string): void;
  remove(key: string): void;
}

/**
 * - add: queue the key;
 * - update: queue it only when the spec changed (status writes, ours included, do not poll);
 * - delete: drop the key from the queue and let `forget` drop the object's memory.
 */
export function queueingHandlers<T extends KubeObject>(
  queue: KeyQueue,
  forget: (obj: T) => void,
): Required<Pick<InformerHandlers<T>, 'onAdd' | 'onUpdate' | 'onDelete'>> {
  return {
    onAdd: (obj) => queue.add(objectKey(obj)),
    onUpdate: (obj, old) => {
      if (generationChanged(obj, old)) queue.add(objectKey(obj));
    },
    onDelete: (obj) => {
      queue.remove(objectKey(obj));
      forget(obj);
    },
  };
}
