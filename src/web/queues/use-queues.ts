// The library's queues, read once and shared by the inbox, the conversation view and the
// admin screen (which reloads them after a change).
import { useEffect, useState } from 'react';
import { queueApi } from './queue-api.js';
import type { Queue } from './queue-text.js';

let cached: Queue[] = [];
let loading: Promise<void> | null = null;
const listeners = new Set<(queues: Queue[]) => void>();

/** Reads the queues again and tells every screen that shows them. */
export function reloadQueues(): Promise<void> {
  loading = queueApi.queues().then(
    (page) => {
      cached = page.items;
      for (const listener of listeners) listener(cached);
    },
    () => undefined,
  );
  return loading;
}

/** The active queues the account belongs to, as last read. */
export function myQueueIds(accountId: string): string[] {
  return cached.filter((q) => !q.deletedAt && q.memberIds.includes(accountId)).map((q) => q.id);
}

export function useQueues(): Queue[] {
  const [queues, setQueues] = useState<Queue[]>(cached);
  useEffect(() => {
    listeners.add(setQueues);
    if (!loading) void reloadQueues();
    return () => {
      listeners.delete(setQueues);
    };
  }, []);
  return queues;
}
