import { GORDO_CONTRACT_CASES } from './cases';
import { normalizeResponse } from './known-differences';
import { caseContext, type CaseContext, type GordoContractTarget } from './target';

export type { GordoContractTarget } from './target';
export { KNOWN_DIFFERENCES, type KnownDifference } from './known-differences';

export interface GordoContractOptions {
  /**
   * Another server (the real one) that receives every request too: each answer must equal the
   * reference's up to the listed {@link KNOWN_DIFFERENCES}.
   */
  reference?: () => GordoContractTarget | Promise<GordoContractTarget>;
}

/**
 * The Gordo contract suite: one `describe` whose cases state the server's documented behaviour
 * (routes, revision rules, status codes, exact error bodies, JSON layout and key order, parquet
 * layout, the anomaly formula relations) and check it on `target`. With a `reference`, every
 * case also sends its requests there and requires the same normalized answer.
 */
export function describeGordoContract(
  name: string,
  target: () => GordoContractTarget | Promise<GordoContractTarget>,
  options: GordoContractOptions = {},
): void {
  describe(`Gordo contract: ${name}`, () => {
    let ctx: CaseContext;
    let reference: CaseContext | undefined;
    beforeAll(async () => {
      ctx = await caseContext(await target());
      if (options.reference) reference = await caseContext(await options.reference());
    });

    for (const contractCase of GORDO_CONTRACT_CASES) {
      it(contractCase.name, async () => {
        const responses = await contractCase.run(ctx);
        contractCase.check(responses, ctx);
        if (reference) {
          const expected = await contractCase.run(reference);
          expect(responses.map(normalizeResponse)).toEqual(expected.map(normalizeResponse));
        }
      });
    }
  });
}
