/**
 * `npm run diagram`: synthesizes the stack, renders its state machine and writes the workflow
 * picture (docs/workflow.svg) and the README block that shows it. Offline, no browser: the layout
 * is computed in Node, the same on every machine. A test fails while either copy is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderDefinition } from '../test/support/render-definition';
import { PROJECT_ROOT, synthesizeOrderSaga } from '../test/support/synth';
import { DIAGRAM_END, DIAGRAM_START, readmeBlock, replaceBlock, SVG_PATH, workflowSvg } from './workflow-diagram';

writeIfChanged(path.join(PROJECT_ROOT, SVG_PATH), workflowSvg(renderDefinition(synthesizeOrderSaga().template)));

const readmePath = path.join(PROJECT_ROOT, 'README.md');
const readme = fs.existsSync(readmePath)
  ? fs.readFileSync(readmePath, 'utf8')
  : `# Order Saga\n\n${DIAGRAM_START}\n${DIAGRAM_END}\n`;
writeIfChanged(readmePath, replaceBlock(readme, readmeBlock()));

function writeIfChanged(file: string, content: string): void {
  const name = path.relative(PROJECT_ROOT, file);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) {
    console.log(`${name}: the workflow diagram is up to date`);
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  console.log(`${name}: workflow diagram updated`);
}
