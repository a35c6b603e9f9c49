import { multipartFiles } from './multipart';

describe('multipartFiles', () => {
  it('gives a body that a multipart parser reads back as the same files', async () => {
    const x = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 256);
    const y = new TextEncoder().encode('PAR1 y');
    const { body, contentType } = multipartFiles([
      { name: 'X', bytes: x },
      { name: 'y', bytes: y },
    ]);
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    const fileX = form.get('X') as File;
    const fileY = form.get('y') as File;
    expect(fileX.name).toBe('X');
    expect(new Uint8Array(await fileX.arrayBuffer())).toEqual(x);
    expect(new Uint8Array(await fileY.arrayBuffer())).toEqual(y);
  });

  it('uses a fresh boundary per body', () => {
    const one = multipartFiles([{ name: 'X', bytes: new Uint8Array(1) }]).contentType;
    const two = multipartFiles([{ name: 'X', bytes: new Uint8Array(1) }]).contentType;
    expect(one).toMatch(/^multipart\/form-data; boundary=latigo-[0-9a-f]{32}$/);
    expect(one).not.toBe(two);
  });

  it('refuses a part name that would need quoting', () => {
    expect(() => multipartFiles([{ name: 'X"; evil', bytes: new Uint8Array(1) }])).toThrow(RangeError);
  });
});
