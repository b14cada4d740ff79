/** The shared DynamoDB Local helper's failure when Java is missing (what `.ci/run` guards against). */
import { spawnSync } from 'node:child_process';
import { JAVA_MISSING } from '../support/dynamodb-local';

describe('startDynamoDbLocal', () => {
  it('says in one sentence that Java is needed when `java` is not on the PATH', () => {
    // A child process, because jest sandboxes process.env: child_process would still see the real PATH.
    const script = `require('./test/support/dynamodb-local').startDynamoDbLocal().then(
      (db) => db.stop().then(() => process.exit(3)),
      (error) => { process.stdout.write(String(error.stack)); process.exit(1); })`;
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: `${__dirname}/../..`,
      env: { ...process.env, PATH: '/nonexistent', ORDER_SAGA_DYNAMODB_LOCAL_ENDPOINT: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.status).toBe(1);
    // What the child printed is the error's whole stack: the sentence alone, no trace into the helper.
    expect(child.stdout).toBe(JAVA_MISSING);
    // One sentence: one line, that names Java (and its version) and how to install it.
    expect(child.stdout).not.toMatch(/\n|^\s*at /m);
    expect(child.stdout).toMatch(/\bJava 17\b/);
    expect(child.stdout).toMatch(/\binstall \S+/);
  });
});
