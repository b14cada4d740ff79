import { CliError } from './errors';

/** Where `npm run local` serves the Step Functions API: the port Step Functions Local used. */
export const LOCAL_ENDPOINT = 'http://127.0.0.1:8083';

/** The local server's ARNs use this region (local/emulator/local-stack.ts); any region works against it. */
const LOCAL_DEFAULT_REGION = 'us-east-1';

// The local server checks no signature, but the SDK refuses to send a request without credentials.
const DUMMY_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A Step Functions endpoint that is not AWS: the local server, or another emulator. */
export interface LocalEndpoint {
  endpoint: string;
  /** Dummy credentials when the environment has none; otherwise the SDK's own chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Where the endpoint came from, for the messages. */
  source: '--local' | 'AWS_ENDPOINT_URL_SFN';
}

/**
 * The Step Functions endpoint to use: `--local`, else `AWS_ENDPOINT_URL_SFN` when it names
 * something other than AWS (a VPC or FIPS endpoint of AWS is still AWS: the stack lookup through
 * CloudFormation applies there), else undefined for AWS itself.
 */
export function localEndpoint(local: boolean, env: NodeJS.ProcessEnv): LocalEndpoint | undefined {
  // A fresh object each time: the SDK annotates the credentials it is given.
  const credentials = env.AWS_ACCESS_KEY_ID ? undefined : { ...DUMMY_CREDENTIALS };
  if (local) return { endpoint: LOCAL_ENDPOINT, credentials, source: '--local' };

  const configured = env.AWS_ENDPOINT_URL_SFN;
  // The SDK's own switch to ignore endpoint variables; respect it as the SDK does.
  if (!configured || env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new CliError(`AWS_ENDPOINT_URL_SFN=${configured} is not a URL such as ${LOCAL_ENDPOINT}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`AWS_ENDPOINT_URL_SFN=${configured} is not an http(s) URL such as ${LOCAL_ENDPOINT}.`);
  }
  if (/\.amazonaws\.com(\.cn)?$/.test(url.hostname)) return undefined;
  return { endpoint: configured.replace(/\/+$/, ''), credentials, source: 'AWS_ENDPOINT_URL_SFN' };
}

/** The region for a local endpoint: the one asked for or set, else the local server's. */
export function localRegion(requested: string | undefined, env: NodeJS.ProcessEnv): string {
  return requested ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? LOCAL_DEFAULT_REGION;
}
