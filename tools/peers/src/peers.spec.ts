import { parseEnvFile } from './peers';

describe('parseEnvFile', () => {
  it('reads single-quoted values, including $, ; and escaped quotes, and skips comments', () => {
    const text = [
      '# SASL_PLAINTEXT listener',
      "LATIGO_TEST_KAFKA_SASL_USERNAME='$ConnectionString'",
      "LATIGO_TEST_KAFKA_CONNECTION_STRING='Endpoint=sb://127.0.0.1:1/;SharedAccessKeyName=k;SharedAccessKey=a=b;EntityPath=t'",
      "QUOTED='it'\\''s'",
      'PLAIN=value',
      '',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      LATIGO_TEST_KAFKA_SASL_USERNAME: '$ConnectionString',
      LATIGO_TEST_KAFKA_CONNECTION_STRING: 'Endpoint=sb://127.0.0.1:1/;SharedAccessKeyName=k;SharedAccessKey=a=b;EntityPath=t',
      QUOTED: "it's",
      PLAIN: 'value',
    });
  });
});
