// OpenKruiseGame enum values the console shows and filters on (mirrors kruise-game's
// apis/v1alpha1 constants: GameServerState, OpsState, NetworkState). One place, no literals elsewhere.

export const GAME_SERVER_STATES = [
  'Ready',
  'NotReady',
  'Crash',
  'Creating',
  'Updating',
  'Deleting',
  'PreDelete',
  'PreUpdate',
  'Unknown',
] as const;

export const OPS_STATES = ['None', 'Allocated', 'WaitToBeDeleted', 'Maintaining', 'Kill'] as const;

export const NETWORK_STATES = ['Ready', 'NotReady', 'Waiting'] as const;

export type Tone = 'success' | 'warning' | 'error' | 'default' | 'info';

const STATE_TONES: Record<string, Tone> = {
  Ready: 'success',
  NotReady: 'error',
  Crash: 'error',
  Creating: 'info',
  Updating: 'info',
  Deleting: 'warning',
  PreDelete: 'warning',
  PreUpdate: 'warning',
  Unknown: 'default',
};

const OPS_TONES: Record<string, Tone> = {
  None: 'default',
  Allocated: 'success',
  WaitToBeDeleted: 'warning',
  Maintaining: 'info',
  Kill: 'error',
};

export function stateTone(state: string): Tone {
  return STATE_TONES[state] ?? 'default';
}

export function opsStateTone(opsState: string): Tone {
  return OPS_TONES[displayOpsState(opsState)] ?? 'default';
}

const NETWORK_TONES: Record<string, Tone> = {
  Ready: 'success',
  NotReady: 'error',
  // the network is being set up (e.g. a cloud load balancer on its way): in progress, not a problem
  Waiting: 'info',
};

export function networkTone(state: string): Tone {
  return NETWORK_TONES[state] ?? 'default';
}

/** The API sends "" for a game server without an opsState; OKG treats it as None. */
export function displayOpsState(opsState: string): string {
  return opsState || 'None';
}

/** A problem: state Crash or NotReady, or network state NotReady (docs/API.md). */
export function isProblem(state: string, networkState: string): boolean {
  return state === 'Crash' || state === 'NotReady' || networkState === 'NotReady';
}

/** Colours of the state breakdown bar, in the order the states are drawn. */
export const TONE_COLORS: Record<Tone, string> = {
  success: '#55bc8a',
  info: '#3385ff',
  warning: '#f5a623',
  error: '#ca2621',
  default: '#abb4be',
};
