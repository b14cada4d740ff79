import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSampleFile, SampleFileError } from '../../local/start/samples';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samples-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the files npm start runs', () => {
  test('an order is run once, a duplicate-* order twice', () => {
    expect(readSampleFile(write('happy.json', '{"orderId":"ord-1"}'))).toEqual({ kind: 'order', order: { orderId: 'ord-1' }, orderId: 'ord-1', runTwice: false });
    expect(readSampleFile(write('duplicate-x.json', '{"orderId":"ord-2"}'))).toMatchObject({ kind: 'order', runTwice: true });
  });

  test('PutEvents entries go on the local bus (their bus name is the stack’s own locally)', () => {
    const entries = [{ EventBusName: 'REPLACE_ME', Source: 'order-saga.shop', DetailType: 'OrderPlaced', Detail: '{"orderId":"ord-3"}' }];
    expect(readSampleFile(write('event.json', JSON.stringify(entries)))).toEqual({
      kind: 'event',
      entries: [{ Source: 'order-saga.shop', DetailType: 'OrderPlaced', Detail: '{"orderId":"ord-3"}' }],
      orderId: 'ord-3',
    });
  });

  test('a file that is not JSON, or missing, is a SampleFileError that says so', () => {
    expect(() => readSampleFile(write('broken.json', '{"orderId":'))).toThrow(SampleFileError);
    expect(() => readSampleFile(write('broken2.json', 'nope'))).toThrow(/is not JSON/);
    expect(() => readSampleFile(path.join(dir, 'absent.json'))).toThrow('no such file');
  });

  test('an order the workflow will reject still runs: checking it is the workflow’s job', () => {
    expect(readSampleFile(write('odd.json', '[1,2]'))).toMatchObject({ kind: 'order', order: [1, 2], orderId: undefined });
  });
});
