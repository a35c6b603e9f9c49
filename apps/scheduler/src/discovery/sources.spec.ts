import { GordoClient } from '@latigo/gordo-client';
import { MetadataClient } from '@latigo/metadata-client';
import { MetadataEmulator } from '@latigo/emulators';
import { GordoStub } from '../testing/gordo-stub.test-helpers';
import { GordoModelSource, MetadataProjectSource } from './sources';

describe('MetadataProjectSource', () => {
  const emulator = new MetadataEmulator({ projects: ['ioc-1000', 'ioc-2000'] });
  let url: string;
  beforeAll(async () => {
    url = await emulator.listen(0, '127.0.0.1');
  });
  afterAll(() => emulator.close());

  it("lists the projects of the metadata API's GET /projects", async () => {
    const source = new MetadataProjectSource(new MetadataClient({ baseUrl: url }));
    expect(await source.listProjects()).toEqual(['ioc-1000', 'ioc-2000']);
  });
});

describe('GordoModelSource', () => {
  const gordo = new GordoStub(['m-b', 'm-a']);
  let baseUrl: string;
  beforeAll(async () => {
    baseUrl = await gordo.listen();
  });
  afterAll(() => gordo.close());

  it('asks for the latest revision, then for the models of exactly that revision', async () => {
    const source = new GordoModelSource((project) => new GordoClient({ baseUrl, project }));
    expect(await source.listModels('ioc-1000')).toEqual({
      revision: '1700000001000',
      models: ['m-a', 'm-b'],
    });
    expect(gordo.requests).toEqual([
      '/gordo/v0/ioc-1000/revisions',
      '/gordo/v0/ioc-1000/models?revision=1700000001000',
    ]);
  });
});
