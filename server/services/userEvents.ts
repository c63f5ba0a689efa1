import { EventEmitter } from 'node:events';

/**
 * What the user service announces once a change is committed, for parts above it to act on
 * without the service knowing them: the composition root connects the realtime layer here.
 */
export interface UserEventMap {
  /** The user's tokens were invalidated (disabled, or role, company or password changed). */
  accessRevoked: [userId: number];
}
export type UserEvents = EventEmitter<UserEventMap>;

export function createUserEvents(): UserEvents {
  return new EventEmitter<UserEventMap>();
}
