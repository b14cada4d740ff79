import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * AWS's service models, as botocore ships them (`data/<service>/<api-version>/service-2.json.gz`),
 * read to check mocked results against the output shape of the integrated API (TestState's
 * fieldValidationMode). The AWS CLI on the machine image carries them; `SFN_SERVICE_MODELS` can
 * name another botocore data directory. Without models nothing is checked.
 */
export interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  min?: number;
  max?: number;
}

export interface ServiceModel {
  operations: Record<string, { output?: { shape: string } }>;
  shapes: Record<string, Shape>;
}

export class ServiceModels {
  private readonly loaded = new Map<string, ServiceModel | undefined>();

  constructor(
    /** A botocore `data` directory, or undefined when there is none (nothing is checked). */
    readonly dataDir: string | undefined,
  ) {}

  /** The model of a service by botocore's name (`lambda`, `stepfunctions`), newest API version. */
  service(name: string): ServiceModel | undefined {
    if (!this.loaded.has(name)) this.loaded.set(name, this.read(name));
    return this.loaded.get(name);
  }

  private read(name: string): ServiceModel | undefined {
    if (!this.dataDir || !/^[\w-]+$/.test(name)) return undefined;
    const dir = path.join(this.dataDir, name);
    if (!existsSync(dir)) return undefined;
    const versions = readdirSync(dir).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)).sort();
    const latest = versions[versions.length - 1];
    if (!latest) return undefined;
    for (const file of ['service-2.json.gz', 'service-2.json']) {
      const full = path.join(dir, latest, file);
      if (existsSync(full)) {
        const bytes = readFileSync(full);
        return JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as ServiceModel;
      }
    }
    return undefined;
  }
}

let discovered: ServiceModels | undefined;

/** The models on this machine: `SFN_SERVICE_MODELS`, else botocore's data directory, found once. */
export function defaultServiceModels(): ServiceModels {
  discovered ??= new ServiceModels(process.env.SFN_SERVICE_MODELS ?? botocoreDataDir());
  return discovered;
}

function botocoreDataDir(): string | undefined {
  try {
    const dir = execFileSync('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const data = path.join(dir, 'data');
    return existsSync(data) ? data : undefined;
  } catch {
    return undefined;
  }
}
