import { writeFileSync } from 'node:fs';
import { buildOpenApi } from './build-openapi.js';

/** `npm run openapi`: rewrites docs/openapi.json from the route table (a test fails while it is stale). */
const target = process.argv[2] ?? 'docs/openapi.json';
writeFileSync(target, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
console.log(`wrote ${target}`);
