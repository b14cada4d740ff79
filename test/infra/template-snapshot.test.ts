import { synthesizeOrderSaga } from '../support/synth';

/**
 * A tripwire on the whole template: any change shows up here, to be read before `jest -u`. The
 * fine-grained tests say what matters. Asset hashes (bundles, CDK's provider code) are masked: they
 * depend on the bundler's output, not on the stack's shape. Nothing else varies between machines,
 * checkout paths or reruns (checked by synthesizing a copy of the repository at another path).
 */
const HASH = /[0-9a-f]{64}/;

expect.addSnapshotSerializer({
  test: (value) => typeof value === 'string' && HASH.test(value),
  serialize: (value: string) => JSON.stringify(value.replace(new RegExp(HASH.source, 'g'), '[ASSET-HASH]')),
});

test('the synthesized template', () => {
  const { template } = synthesizeOrderSaga();
  const text = JSON.stringify(template);
  // No absolute path of this checkout (or of the temp dir) may leak into the template.
  expect(text).not.toContain(__dirname.split('/test/')[0]);
  expect(text).not.toContain('/tmp/');
  expect(template).toMatchSnapshot();
}, 120_000);
