import { executorConfigSchema, schedulerSectionSchema } from '../../index';
import { azureMonitorConnectionString } from './runtime';

const scheduler = {
  continuous_prediction_start_time: '08:00',
  continuous_prediction_interval: '30m',
  continuous_prediction_delay: '3h',
};
const issuesOf = (value: unknown) =>
  (schedulerSectionSchema.safeParse(value).error?.issues ?? []).map(
    (i) => `${i.path.join('.')}: ${i.message}`,
  );

describe('Azure Monitor keys (scheduler and executor sections)', () => {
  it("builds InstrumentationKey=<key> from the original's key alone", () => {
    const section = schedulerSectionSchema.parse({
      ...scheduler,
      azure_monitor_logging_enabled: true,
      azure_monitor_instrumentation_key: ' 0000-ik ',
    });
    expect(azureMonitorConnectionString(section)).toBe('InstrumentationKey=0000-ik');
  });

  it('prefers the connection string, and treats an empty one (unset variable) as absent', () => {
    const both = { azure_monitor_logging_enabled: true, azure_monitor_instrumentation_key: 'ik' };
    expect(
      azureMonitorConnectionString({
        ...both,
        azure_monitor_connection_string: 'InstrumentationKey=cs;IngestionEndpoint=https://x/',
      }),
    ).toBe('InstrumentationKey=cs;IngestionEndpoint=https://x/');
    expect(azureMonitorConnectionString({ ...both, azure_monitor_connection_string: '' })).toBe(
      'InstrumentationKey=ik',
    );
  });

  it('is off unless enabled, whatever else is set', () => {
    expect(
      azureMonitorConnectionString({
        azure_monitor_logging_enabled: false,
        azure_monitor_connection_string: 'InstrumentationKey=x',
      }),
    ).toBeUndefined();
  });

  it('rejects enabled without a key, naming the key path, as the original did', () => {
    expect(
      issuesOf({ ...scheduler, azure_monitor_logging_enabled: true, azure_monitor_connection_string: '' }),
    ).toEqual([
      expect.stringMatching(
        /^azure_monitor_instrumentation_key: required when azure_monitor_logging_enabled is true/,
      ),
    ]);
    const executor = executorConfigSchema.safeParse({ executor: { azure_monitor_logging_enabled: 'true' } });
    expect(executor.error?.issues.map((i) => i.path.join('.'))).toContain(
      'executor.azure_monitor_instrumentation_key',
    );
  });

  it('rejects a connection string without an instrumentation key, without echoing it', () => {
    const issues = issuesOf({
      ...scheduler,
      azure_monitor_logging_enabled: true,
      azure_monitor_connection_string: 'Endpoint=sb://secret-host/;SharedAccessKey=abc',
    });
    expect(issues).toEqual([
      expect.stringMatching(/^azure_monitor_connection_string: expected an Application Insights/),
    ]);
    expect(issues.join()).not.toContain('SharedAccessKey=abc');
  });

  it('takes the sampling ratio as a number or numeric text, between 0 and 1', () => {
    expect(
      schedulerSectionSchema.parse({ ...scheduler, azure_monitor_sampling_ratio: '0.25' })
        .azure_monitor_sampling_ratio,
    ).toBe(0.25);
    expect(issuesOf({ ...scheduler, azure_monitor_sampling_ratio: 2 })).toHaveLength(1);
  });
});
