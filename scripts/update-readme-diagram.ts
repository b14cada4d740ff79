/**
 * `npm run diagram`: synthesizes the stack, renders its state machine and rewrites the README's
 * workflow diagram (between the workflow-diagram markers) from it. A test fails while the README's
 * copy is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderDefinition } from '../test/support/render-definition';
import { PROJECT_ROOT, synthesizeOrderSaga } from '../test/support/synth';
import { DIAGRAM_END, DIAGRAM_START, readmeBlock, replaceBlock, toMermaid } from './mermaid';

const readmePath = path.join(PROJECT_ROOT, 'README.md');
const block = readmeBlock(toMermaid(renderDefinition(synthesizeOrderSaga().template)));
const readme = fs.existsSync(readmePath)
  ? fs.readFileSync(readmePath, 'utf8')
  : `# Order Saga\n\n${DIAGRAM_START}\n${DIAGRAM_END}\n`;
const updated = replaceBlock(readme, block);
if (updated === readme) {
  console.log('README.md: the workflow diagram is up to date');
} else {
  fs.writeFileSync(readmePath, updated);
  console.log('README.md: workflow diagram updated');
}
