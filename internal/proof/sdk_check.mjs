// sdk_check.mjs drives cmd/functions-emulator with the Cognite JavaScript SDK
// (@cognite/sdk, pinned in tools/package-lock.json). The SDK has no Functions
// API of its own, so the calls go through its generic client.get/client.post,
// which add the SDK's headers, its 401 handling (ask the token provider, then
// retry), its retries and its error decoding (CogniteError from the CDF
// envelope and the x-request-id header). Nonces come from the SDK's own
// Sessions API (client.sessions.create).
//
// Environment: PROOF_BASE_URL (http://127.0.0.1:PORT), PROOF_PROJECT,
// PROOF_TOKEN, PROOF_TOOLS_DIR (the tools/ folder holding node_modules).
//
// It prints one JSON summary line on stdout and exits 1 when a check failed
// (2 when it could not run at all). internal/proof/sdk_test.go runs it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const summary = { ok: false, node: process.version, sdkVersion: null, checks: 0, failures: [], notes: [] };

function finish(code) {
  summary.ok = code === 0 && summary.failures.length === 0;
  process.stdout.write(JSON.stringify(summary) + '\n');
  process.exit(summary.ok ? 0 : code || 1);
}

function env(name) {
  const v = process.env[name];
  if (!v) {
    summary.failures.push(`environment variable ${name} is not set`);
    finish(2);
  }
  return v;
}

// check records one assertion; detail is shown when it fails.
function check(name, cond, detail) {
  summary.checks++;
  if (!cond) {
    summary.failures.push(detail === undefined ? name : `${name}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  }
  return cond;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function poll(what, f, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`waiting for ${what}: gave up after ${timeoutMs} ms`);
    await sleep(25);
  }
}

// expectError runs f, which must fail with a CogniteError, and returns it.
async function expectError(name, f) {
  try {
    const r = await f();
    check(name, false, `succeeded with ${r.status}, want an error`);
  } catch (e) {
    return e;
  }
  return null;
}

const baseUrl = env('PROOF_BASE_URL');
const project = env('PROOF_PROJECT');
const token = env('PROOF_TOKEN');
const toolsDir = env('PROOF_TOOLS_DIR');

const pkgDir = join(toolsDir, 'node_modules', '@cognite', 'sdk');
let sdk;
try {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  summary.sdkVersion = pkg.version;
  const entry = typeof pkg.exports === 'object' && pkg.exports.import ? pkg.exports.import : pkg.module || pkg.main;
  sdk = await import(pathToFileURL(join(pkgDir, entry)).href);
} catch (e) {
  summary.failures.push(`loading @cognite/sdk from ${pkgDir}: ${e.message}`);
  finish(2);
}
const { CogniteClient, CogniteError } = sdk;

async function main() {
  let tokenCalls = 0;
  const client = new CogniteClient({
    appId: 'specgen-proof',
    project,
    baseUrl,
    oidcTokenProvider: async () => {
      tokenCalls++;
      return token;
    },
  });
  // The generic methods take the path below baseUrl; the SDK's own resource
  // APIs use /api/v1/projects/{project} (projectUrl), so build the same.
  const api = `/api/v1/projects/${encodeURIComponent(client.project)}`;

  // No authenticate() first: the emulator answers 401, and the SDK must ask
  // the token provider once and repeat the request.
  const st = await client.get(`${api}/functions/status`);
  check('401 is answered by asking the token provider and retrying', st.status === 200 && tokenCalls === 1,
    { status: st.status, tokenCalls });
  check('functions status', ['inactive', 'requested', 'activated'].includes(st.data.status), st.data);
  check('x-request-id on a success', typeof st.headers['x-request-id'] === 'string' && st.headers['x-request-id'] !== '', st.headers);

  const limits = await client.get(`${api}/functions/limits`);
  check('limits', limits.status === 200 && Array.isArray(limits.data.runtimes) && limits.data.cpuCores.max > 0, limits.data);

  // ---- a function ----
  const input = { assetId: 42, dryRun: true, nested: { list: [1, 'two', null] } };
  const created = await client.post(`${api}/functions`, {
    data: { items: [{ name: 'echo-sdk', externalId: 'sdk/echo', fileId: 42, metadata: { suite: 'sdk' }, secrets: { key: 'v' } }] },
  });
  const fn0 = created.data.items && created.data.items[0];
  check('create function: 201 with one item', created.status === 201 && fn0 && Number.isSafeInteger(fn0.id), created);
  check('create function: Queued, secrets masked', fn0.status === 'Queued' && fn0.secrets && fn0.secrets.key === '***', fn0);
  const fid = fn0.id;

  const ready = await poll('function Ready', async () => {
    const r = await client.get(`${api}/functions/${fid}`);
    return r.data.status === 'Ready' || r.data.status === 'Failed' ? r.data : undefined;
  });
  check('function becomes Ready', ready.status === 'Ready', ready);

  const dup = await expectError('create a duplicate externalId', () =>
    client.post(`${api}/functions`, { data: { items: [{ name: 'again', externalId: 'sdk/echo', fileId: 42 }] } }));
  if (dup) {
    check('duplicate: a CogniteError', dup instanceof CogniteError, String(dup));
    check('duplicate: status 409 and duplicated', dup.status === 409 && isDeepStrictEqual(dup.duplicated, [{ externalId: 'sdk/echo' }]),
      { status: dup.status, duplicated: dup.duplicated });
  }

  // ---- a call ----
  const sessions = await client.sessions.create([{ tokenExchange: true }]);
  check('sessions.create returns a nonce', sessions.length === 1 && typeof sessions[0].nonce === 'string' && sessions[0].nonce !== '', sessions);
  const started = await client.post(`${api}/functions/${fid}/call`, { data: { data: input, nonce: sessions[0].nonce } });
  check('call: 201 Running', started.status === 201 && started.data.status === 'Running' && started.data.functionId === fid, started.data);
  const cid = started.data.id;
  const done = await poll('call finished', async () => {
    const r = await client.get(`${api}/functions/${fid}/calls/${cid}`);
    return r.data.status !== 'Running' ? r.data : undefined;
  });
  check('call Completed with an endTime', done.status === 'Completed' && done.endTime >= done.startTime, done);
  const response = await client.get(`${api}/functions/${fid}/calls/${cid}/response`);
  check('call response echoes the input', isDeepStrictEqual(response.data.response, input) && response.data.callId === cid, response.data);
  const logs = await client.get(`${api}/functions/${fid}/calls/${cid}/logs`);
  check('call logs', Array.isArray(logs.data.items) && logs.data.items.length > 0 && typeof logs.data.items[0].message === 'string', logs.data);
  const calls = await client.get(`${api}/functions/${fid}/calls`, { params: { limit: 10 } });
  check('list calls', calls.data.items.length === 1 && calls.data.items[0].id === cid, calls.data);
  const filtered = await client.post(`${api}/functions/${fid}/calls/list`, { data: { filter: { status: 'Completed' }, limit: 10 } });
  check('filter calls', filtered.data.items.length === 1, filtered.data);

  // ---- a schedule ----
  const [s2] = await client.sessions.create([{ tokenExchange: true }]);
  const sched = await client.post(`${api}/functions/schedules`, {
    data: { items: [{ name: 'sdk-schedule', functionId: fid, cronExpression: '0 * * * *', data: { mode: 'full' }, nonce: s2.nonce }] },
  });
  const sc = sched.data.items && sched.data.items[0];
  check('create schedule: 201', sched.status === 201 && sc && sc.functionId === fid && sc.sessionId !== undefined && typeof sc.when === 'string', sched.data);
  check('create schedule: data and nonce are not echoed', sc && !('data' in sc) && !('nonce' in sc), sc);
  const schedules = await client.get(`${api}/functions/schedules`, { params: { limit: 10 } });
  check('list schedules', schedules.data.items.some((x) => x.id === sc.id), schedules.data);
  const inputData = await client.get(`${api}/functions/schedules/${sc.id}/input_data`);
  check('schedule input data', isDeepStrictEqual(inputData.data, { id: sc.id, data: { mode: 'full' } }), inputData.data);

  // ---- errors, as CogniteError ----
  const unknown = 999;
  const e404 = await expectError('GET an unknown function', () =>
    client.get(`${api}/functions/${unknown}`, { headers: { 'X-Request-Id': 'proof-sdk-404' } }));
  if (e404) {
    check('404: a CogniteError', e404 instanceof CogniteError, String(e404));
    check('404: status', e404.status === 404, e404.status);
    check('404: message from the envelope', e404.errorMessage === 'Function not found' && e404.message.startsWith('Function not found | code: 404'),
      { errorMessage: e404.errorMessage, message: e404.message });
    check('404: missing', isDeepStrictEqual(e404.missing, [{ id: unknown }]), e404.missing);
    check('404: requestId from x-request-id', e404.requestId === 'proof-sdk-404', e404.requestId);
  }
  const e400 = await expectError('byids with an unknown id', () =>
    client.post(`${api}/functions/byids`, { data: { items: [{ id: fid }, { id: unknown }, { externalId: 'sdk/none' }] } }));
  if (e400) {
    check('byids: a CogniteError', e400 instanceof CogniteError, String(e400));
    check('byids: status 400 with a message', e400.status === 400 && typeof e400.errorMessage === 'string' && e400.errorMessage !== '',
      { status: e400.status, errorMessage: e400.errorMessage });
    check('byids: missing names both unknown identifiers', isDeepStrictEqual(e400.missing, [{ id: unknown }, { externalId: 'sdk/none' }]), e400.missing);
    check('byids: requestId from x-request-id', typeof e400.requestId === 'string' && e400.requestId.length > 0, e400.requestId);
  }
  const eSched = await expectError('GET an unknown schedule', () => client.get(`${api}/functions/schedules/${unknown}`));
  if (eSched) {
    check('unknown schedule: 404 CogniteError', eSched instanceof CogniteError && eSched.status === 404, String(eSched));
  }
  const eNonce = await expectError('call with a used nonce', () =>
    client.post(`${api}/functions/${fid}/call`, { data: { nonce: sessions[0].nonce } }));
  if (eNonce) {
    check('used nonce: 400 CogniteError', eNonce instanceof CogniteError && eNonce.status === 400, String(eNonce));
  }

  // ---- clean up ----
  const delSched = await client.post(`${api}/functions/schedules/delete`, { data: { items: [{ id: sc.id }] } });
  check('delete schedule', delSched.status === 200, delSched.data);
  const delFn = await client.post(`${api}/functions/delete`, { data: { items: [{ externalId: 'sdk/echo' }] } });
  check('delete function', delFn.status === 200, delFn.data);
  const left = await client.get(`${api}/functions`);
  check('no function left', left.data.items.length === 0, left.data);

  summary.notes.push(`token provider called ${tokenCalls} time(s)`);
}

try {
  await main();
  finish(0);
} catch (e) {
  const detail = e instanceof CogniteError ? JSON.stringify(e.toJSON()) : (e && e.stack) || String(e);
  summary.failures.push(`unexpected error: ${detail}`);
  finish(1);
}
