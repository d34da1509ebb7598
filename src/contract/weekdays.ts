// The days of the week as opening hours name them, Monday first. No zod here: the chat
// widget imports this file and must stay small.
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
