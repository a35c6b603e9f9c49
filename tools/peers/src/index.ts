export {
  ALL_PEERS,
  type PeerName,
  parseEnvFile,
  peersDir,
  restartPeer,
  startPeer,
  stopPeer,
  stopPeerSync,
} from './peers';
export { requirePeerEnv } from './peer-env';
