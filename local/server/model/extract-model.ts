/**
 * Writes the parts of AWS's service models that the local server checks requests and shapes
 * answers with: member names, required members, types, lengths, ranges, patterns and enums, and
 * each operation's input and output shape. Documentation is left out.
 *
 * The models come from botocore (the AWS CLI's library), which carries AWS's own service
 * definitions. Run it again when a newer botocore knows new members:
 *
 *   npx tsx local/server/model/extract-model.ts [path/to/botocore/data]
 *
 * Without an argument it asks python3 where botocore is.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { ServiceModel, Shape } from './service-model';

interface BotocoreShape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  exception?: boolean;
}

interface BotocoreModel {
  metadata: { targetPrefix: string; jsonVersion: string; apiVersion: string };
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, BotocoreShape>;
}

function botocoreDataDir(): string {
  const given = process.argv[2];
  if (given) return given;
  const dir = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' }).trim();
  return path.join(dir, 'data');
}

function readModel(dataDir: string, service: string, version: string): BotocoreModel {
  const file = path.join(dataDir, service, version, 'service-2.json.gz');
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as BotocoreModel;
}

function compact(shape: BotocoreShape): Shape {
  const out: Shape = { type: shape.type };
  if (shape.members) out.members = Object.fromEntries(Object.entries(shape.members).map(([name, m]) => [name, m.shape]));
  if (shape.required?.length) out.required = shape.required;
  if (shape.member) out.member = shape.member.shape;
  if (shape.key) out.key = shape.key.shape;
  if (shape.value) out.value = shape.value.shape;
  for (const k of ['min', 'max', 'pattern', 'enum', 'sensitive', 'exception'] as const) {
    if (shape[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = shape[k];
  }
  return out;
}

/** Every shape reachable from the given operations (all of them when `only` is absent). */
function extract(model: BotocoreModel, only?: string[]): ServiceModel {
  const operations = Object.entries(model.operations).filter(([name]) => !only || only.includes(name));
  const shapes: Record<string, Shape> = {};
  const visit = (name: string | undefined) => {
    if (!name || shapes[name]) return;
    const shape = model.shapes[name];
    shapes[name] = compact(shape);
    for (const m of Object.values(shape.members ?? {})) visit(m.shape);
    visit(shape.member?.shape);
    visit(shape.key?.shape);
    visit(shape.value?.shape);
  };
  for (const [, op] of operations) {
    visit(op.input?.shape);
    visit(op.output?.shape);
  }
  // Error shapes too: their names are the service's error codes.
  if (!only) for (const [name, shape] of Object.entries(model.shapes)) if (shape.exception) visit(name);
  return {
    targetPrefix: model.metadata.targetPrefix,
    jsonVersion: model.metadata.jsonVersion,
    apiVersion: model.metadata.apiVersion,
    operations: Object.fromEntries(operations.map(([name, op]) => [name, { input: op.input?.shape, output: op.output?.shape }])),
    shapes,
  };
}

const dataDir = botocoreDataDir();
const here = __dirname;
const write = (file: string, model: ServiceModel) => {
  fs.writeFileSync(path.join(here, file), `${JSON.stringify(model, null, 1)}\n`);
  console.log(`${file}: ${Object.keys(model.operations).length} operations, ${Object.keys(model.shapes).length} shapes`);
};
write('stepfunctions.json', extract(readModel(dataDir, 'stepfunctions', '2016-11-23')));
// Of EventBridge, the local server speaks PutEvents only (the local bus).
write('events.json', extract(readModel(dataDir, 'events', '2015-10-07'), ['PutEvents']));
