import { CliError } from './errors';

const CREDENTIALS_MISSING =
  'No AWS credentials found: run `aws configure` or `aws sso login`, or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), then try again.';

const REGION_MISSING = 'No AWS region set: pass --region, or set AWS_REGION or a region in your AWS profile.';

const CREDENTIALS_REJECTED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH']);

/**
 * Turns what the AWS SDK throws into one sentence the user can act on (a CliError). An error that
 * is not the SDK's is returned unchanged: it is a bug, and its stack trace is worth seeing.
 * `doing` completes "... while <doing>", e.g. "starting the execution". `localEndpoint` is set
 * when the CLI talks to a local server: the sentences then name it instead of AWS.
 */
export function explainAwsError(err: unknown, doing: string, localEndpoint?: string): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  if (err instanceof CliError) return err;
  if (err.name === 'CredentialsProviderError') return new CliError(CREDENTIALS_MISSING);
  if (err.message === 'Region is missing') return new CliError(REGION_MISSING);

  const code = (err as NodeJS.ErrnoException).code;
  if ((code && NETWORK_CODES.has(code)) || err.name === 'TimeoutError') {
    if (localEndpoint) {
      return new CliError(
        `Nothing answers at ${localEndpoint} while ${doing} (${code ?? err.name}): start the local server with \`npm run local\` (on another port, set AWS_ENDPOINT_URL_SFN to its URL instead).`,
      );
    }
    return new CliError(`Could not reach AWS while ${doing} (${code ?? err.name}): check your network and region.`);
  }
  if (!isServiceError(err)) return err;

  const detail = `${err.name}: ${firstLine(err.message)}`;
  if (localEndpoint) return new CliError(`The server at ${localEndpoint} refused ${doing} (${detail}).`);
  if (CREDENTIALS_REJECTED.has(err.name)) {
    return new CliError(`AWS rejected your credentials while ${doing} (${detail}); refresh them and try again.`);
  }
  if (ACCESS_DENIED.has(err.name)) {
    return new CliError(`Your AWS identity is not allowed to do this while ${doing} (${detail}).`);
  }
  return new CliError(`AWS refused ${doing} (${detail}).`);
}

// Every error the SDK deserialises from a service response carries `$metadata` and `$fault`.
function isServiceError(err: Error): boolean {
  return '$metadata' in err && '$fault' in err;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/\.$/, '') || 'no message';
}
