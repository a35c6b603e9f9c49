import { BearerAuthenticator, createTokenProvider } from '@latigo/auth';
import { DEFAULT_CLIENT, DEFAULT_TENANT_ID, MetadataEmulator, TokenEmulator } from '@latigo/emulators';
import { Agent } from 'undici';
import { MetadataClient } from './metadata-client';
import type { PredictionMetadata } from './prediction-metadata';

const RESOURCE = 'api://omnia-prevent';
const KEY = 'subscription-key-never-printed';

const record = (model: string): PredictionMetadata => ({
  projectName: 'ioc-1000',
  modelName: model,
  revision: '1700000001000',
  fromTime: new Date('2024-01-08T07:00:00Z'),
  toTime: new Date('2024-01-08T07:30:00Z'),
  trainingTimeFrom: new Date('2020-01-01T00:00:00Z'),
  trainingTimeTo: new Date('2020-01-03T00:00:00Z'),
  inputTags: [{ name: 'tag-1', timeSeriesId: 'in-1' }],
  outputTags: [
    {
      name: 'tag-1|m|model-output',
      timeSeriesId: 'out-1',
      type: 'derived',
      derivedFrom: 'tag-1',
      description: 'Gordo model-output - tag-1',
    },
  ],
});

describe('MetadataClient against the metadata emulator (real sockets, real @azure/identity)', () => {
  let tokens: TokenEmulator;
  let emulator: MetadataEmulator;
  let dispatcher: Agent;

  beforeAll(async () => {
    tokens = new TokenEmulator();
    await tokens.listen();
    emulator = new MetadataEmulator({
      auth: { authority: tokens.authority, subscriptionKey: KEY },
      projects: ['ioc-1099'],
    });
    await emulator.listen();
    dispatcher = new Agent();
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
    await tokens.close();
  });

  const client = (key = KEY) =>
    new MetadataClient({
      baseUrl: emulator.url,
      dispatcher,
      authenticator: new BearerAuthenticator(
        createTokenProvider(
          {
            resource: RESOURCE,
            tenant: DEFAULT_TENANT_ID,
            client_id: DEFAULT_CLIENT.clientId,
            client_secret: DEFAULT_CLIENT.clientSecret,
            authority_host_url: tokens.url,
          },
          { where: 'prediction_metadata_storage.auth', tlsCa: tokens.tls.caCert },
        ),
        { 'Ocp-Apim-Subscription-Key': key },
      ),
    });

  it('checks readiness and lists projects', async () => {
    expect(await client().ready()).toBe(true);
    expect(await client().getProjects()).toEqual(['ioc-1099']);
  });

  it('stores a record in the original wire form and returns the new model_id', async () => {
    const first = await client().storePredictionMetadata(record('m1'));
    const second = await client().storePredictionMetadata(record('m2'));
    expect(Number(second.modelId)).toBe(Number(first.modelId) + 1);
    const stored = emulator.models().at(-1);
    if (!stored) throw new Error('nothing stored');
    expect(stored.body).toMatchObject({
      model_name: 'm2',
      project_name: 'ioc-1000',
      status: 'not_defined',
      training_time_to: '2020-01-03 00:00:00+00:00',
    });
    expect(
      stored.rawBody.startsWith(
        "{\n    \"description\": \"Gordo prediction for project 'ioc-1000', model 'm2'",
      ),
    ).toBe(true);
    expect(await client().getProjects()).toEqual(['ioc-1099', 'ioc-1000']);
  });

  it('is refused with a wrong subscription key, and the key is not in the error', async () => {
    const error = await client('wrong-key')
      .getProjects()
      .catch((e: Error) => e);
    expect(error).toMatchObject({ context: { status: 401 } });
    expect((error as Error).message).toContain('invalid subscription key');
    expect((error as Error).message).not.toContain('wrong-key');
  });

  it('reports a validation error of the API with its body', async () => {
    const bad = {
      ...record('m3'),
      outputTags: [{ name: 'x', timeSeriesId: 'y', type: 'weird' as 'derived' }],
    };
    await expect(client().storePredictionMetadata(bad)).rejects.toMatchObject({
      code: 'UPSTREAM_STATUS',
      context: { status: 422, bodyExcerpt: expect.stringContaining('type') },
    });
  });
});
