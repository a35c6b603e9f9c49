export { ALL_PEERS, type PeerName, parseEnvFile, startPeer, stopPeer, stopPeerSync } from './peers';
export { requirePeerEnv } from './peer-env';
