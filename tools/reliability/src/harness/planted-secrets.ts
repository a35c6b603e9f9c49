import { requirePeerEnv } from '@latigo/peers';

/**
 * Secrets the suite puts into the apps' configuration; none may appear in any captured log line.
 * The Kafka key is the broker's real one (the executors need it to connect); the others are
 * unusual enough that a match cannot be a coincidence.
 */
export function plantedSecrets(): Record<string, string> {
  const connectionString = requirePeerEnv('LATIGO_TEST_KAFKA_CONNECTION_STRING');
  const sharedAccessKey = /SharedAccessKey=([^;]+)/.exec(connectionString)?.[1];
  if (!sharedAccessKey) throw new Error('LATIGO_TEST_KAFKA_CONNECTION_STRING has no SharedAccessKey');
  return {
    'Kafka SharedAccessKey': sharedAccessKey,
    'client secret': 'planted-client-secret-Zq7xV2',
    'APIM subscription key': 'planted-apim-key-Kd93Lw',
    'Redis password': 'planted-redis-password-Pm41Hs',
  };
}

/** Every (secret, log) pair where a planted secret shows up in a captured text, verbatim or URL-encoded. */
export function findSecrets(
  secrets: Record<string, string>,
  logs: ReadonlyMap<string, string>,
): { secret: string; log: string }[] {
  const found: { secret: string; log: string }[] = [];
  for (const [name, value] of Object.entries(secrets))
    for (const [log, text] of logs)
      if (text.includes(value) || text.includes(encodeURIComponent(value))) found.push({ secret: name, log });
  return found;
}
