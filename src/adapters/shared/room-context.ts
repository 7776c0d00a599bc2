// Which workshop room a piece of outbound work serves, carried through the calls it makes (issue
// 19): the platform's request layer queues a request as that room's, so the rooms take turns.
import { AsyncLocalStorage } from "node:async_hooks";

const currentRoom = new AsyncLocalStorage<string>();

/** Runs `fn` (a delivery) so that the requests it makes queue as `roomId`'s. */
export function forRoom<T>(roomId: string, fn: () => Promise<T>): Promise<T> {
  return currentRoom.run(roomId, fn);
}

/** The room the running work serves, if any. */
export function roomInContext(): string | undefined {
  return currentRoom.getStore();
}
