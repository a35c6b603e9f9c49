import { encodePredictionMetadata, pythonDateTime } from './prediction-metadata';

describe('prediction metadata wire form', () => {
  it('formats datetimes as Python str(datetime) does', () => {
    expect(pythonDateTime(new Date('2020-04-10T07:00:00Z'))).toBe('2020-04-10 07:00:00+00:00');
    expect(pythonDateTime(new Date('2020-04-10T07:00:00.123Z'))).toBe('2020-04-10 07:00:00.123000+00:00');
  });

  it('writes the original body: sorted snake_case keys, 4-space indent, default description and status', () => {
    const text = encodePredictionMetadata({
      projectName: 'ioc-1000',
      modelName: 'm1',
      revision: '1583238576000',
      fromTime: new Date('2020-04-10T07:00:00Z'),
      toTime: new Date('2020-04-10T07:30:00Z'),
      trainingTimeFrom: new Date('2020-01-01T00:00:00Z'),
      trainingTimeTo: new Date('2020-03-01T00:00:00Z'),
      inputTags: [{ name: '1903.R-29TE3001.MA_Y', timeSeriesId: 'in-1' }],
      outputTags: [
        {
          name: '1903.R-29TE3001.MA_Y|m1|model-output',
          timeSeriesId: 'out-1',
          type: 'derived',
          derivedFrom: '1903.R-29TE3001.MA_Y',
          description: 'Gordo model-output - 1903.R-29TE3001.MA_Y',
        },
        { name: '1903.INDICATOR|m1|total-anomaly-scaled', timeSeriesId: 'out-2', type: 'aggregated' },
      ],
    });
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...Object.keys(parsed)].sort());
    expect(text.split('\n')[1]).toBe(
      `    "description": "Gordo prediction for project 'ioc-1000', model 'm1'. Prediction period: from '2020-04-10 07:00:00+00:00' : to '2020-04-10 07:30:00+00:00'",`,
    );
    expect(parsed).toMatchObject({
      labels: null,
      status: 'not_defined',
      training_time_from: '2020-01-01 00:00:00+00:00',
      output_tags: [
        { derived_from: '1903.R-29TE3001.MA_Y', type: 'derived' },
        { derived_from: '', description: '', type: 'aggregated' },
      ],
    });
  });
});
