// A small label for a state or a count (status of a conversation, unread count).
import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'count';

export function Badge({ tone = 'neutral', children, className }: { tone?: BadgeTone; children: ReactNode; className?: string }) {
  return <span className={['badge', `tone-${tone}`, className ?? ''].filter(Boolean).join(' ')}>{children}</span>;
}
