import { z } from 'zod';
import type { AckResultSchemas } from './emitWithAck.js';
import { PlaybackCheckView } from '../playbackCheck/records.js';
import { type AgentClientEvents, RemoteControlOffer, type StaffClientEvents, ViewerRole } from './events.js';
import { ConsentRequest, Deadline, SessionView } from './session.js';
import { IceServer } from './signal.js';

const nothing = z.object({});

/** What the server's acknowledgements carry on `/agent`, checked where the agent receives them. */
export const AGENT_ACK_RESULTS: AckResultSchemas<AgentClientEvents> = {
  'agent:hello': z.object({ consent: ConsentRequest, remoteControl: RemoteControlOffer.optional() }),
  'agent:consent': z.object({ deadline: Deadline.nullable(), iceServers: z.array(IceServer) }),
  'agent:extension-answer': z.object({ deadline: Deadline }),
  signal: nothing,
  'session:action': nothing,
  'agent:stop': nothing,
  'agent:ping': z.object({ seq: z.number() }),
  'agent:playback-check': z.object({ check: PlaybackCheckView }),
  'agent:handover': z.object({ expiresAt: z.string() }),
};

/** What the server's acknowledgements carry on `/staff`, checked where the viewer receives them. */
export const STAFF_ACK_RESULTS: AckResultSchemas<StaffClientEvents> = {
  'session:watch': z.object({ session: SessionView, role: ViewerRole, viewerId: z.string(), iceServers: z.array(IceServer) }),
  signal: nothing,
  'session:extend': z.object({ requestId: z.string(), expiresInMs: z.number() }),
  'session:end': nothing,
  'session:action': nothing,
};
