'use strict';
// autocannon's setupRequest for the idempotent run of bench/api.bench.ts. A file rather than a
// function: the load generator runs in a worker thread, and functions cannot be sent there.
// Every request gets a fresh Idempotency-Key, as a client retrying safely would send.
const { randomUUID } = require('node:crypto');

const prefix = randomUUID();
let n = 0;

module.exports = (request) => ({ ...request, headers: { ...request.headers, 'Idempotency-Key': `${prefix}-${n++}` } });
