// The emulator as an Azure SDK user sees it: endpoint.json's fields, a token credential and the four
// official management clients (and Resource Graph's), each on its DEFAULT api-version. TLS is verified: the runner sets
// NODE_EXTRA_CA_CERTS to the emulator's certificate (never NODE_TLS_REJECT_UNAUTHORIZED).
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { ImageBuilderClient } from '@azure/arm-imagebuilder';
import { ResourceManagementClient } from '@azure/arm-resources';
import { NetworkManagementClient } from '@azure/arm-network';
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';

const endpointFile = process.env.AIB_EMULATOR_ENDPOINT_FILE;
if (!endpointFile) throw new Error('AIB_EMULATOR_ENDPOINT_FILE must name the emulator\'s endpoint.json (Invoke-SdkFidelity.ps1 sets it).');

/** endpoint.json: armEndpoint, subscriptionId, location, resourceGroupName, userAssignedIdentityId, buildSubnetId, containerInstanceSubnetId ... */
export const emulator = JSON.parse(readFileSync(endpointFile, 'utf8'));

// The emulator accepts any non-empty bearer token (as the Pester tests' -AccessToken does).
const credential = {
    getToken: async () => ({ token: 'sdk-fidelity', expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
};

const endpoint = emulator.armEndpoint.replace(/\/+$/, '');
const options = { endpoint };

/** Image Builder client; pass { apiVersion } only to test a version the SDK does not default to. */
export const imageBuilder = (extra = {}) => new ImageBuilderClient(credential, emulator.subscriptionId, { ...options, ...extra });
export const resources = new ResourceManagementClient(credential, emulator.subscriptionId, options);
export const network = new NetworkManagementClient(credential, emulator.subscriptionId, options);
export const containerInstance = new ContainerInstanceManagementClient(credential, emulator.subscriptionId, options);
// Resource Graph's client has no client-level api-version: it always sends its own (2024-04-01 in 5.0.0).
export const resourceGraph = new ResourceGraphClient(credential, options);

// Api-versions for the generic resources.getById/checkExistenceById calls (the caller must name one):
// published versions of each provider, chosen so that these calls test the generic route, not the version.
export const genericApiVersions = {
    'Microsoft.ContainerInstance': '2023-05-01',
    'Microsoft.Network': '2025-07-01',
    'Microsoft.Compute': '2024-07-01',
    'Microsoft.Storage': '2023-05-01',
};

export function apiVersionFor(resourceId) {
    const namespace = /\/providers\/([^/]+)\//i.exec(resourceId)?.[1];
    const version = Object.entries(genericApiVersions).find(([ns]) => ns.toLowerCase() === namespace?.toLowerCase())?.[1];
    assert.ok(version, `no api-version chosen for ${resourceId}`);
    return version;
}

/** Parses /subscriptions/s/resourceGroups/g/providers/ns/type/name[/child/name] into its parts. */
export function parseId(id) {
    const parts = id.split('/').filter(Boolean);
    const at = (key) => parts[parts.findIndex((p) => p.toLowerCase() === key.toLowerCase()) + 1];
    return { resourceGroup: at('resourceGroups'), parts, name: parts[parts.length - 1] };
}

/** The RestError an SDK call rejects with (fails the test when it resolves). */
export async function restError(promise) {
    try {
        await promise;
    } catch (error) {
        return error;
    }
    assert.fail('expected the call to fail with a RestError');
}

export async function toArray(iterator) {
    const items = [];
    for await (const item of iterator) items.push(item);
    return items;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until predicate(value) holds; returns the value, or fails after timeoutMs. */
export async function pollUntil(read, predicate, { timeoutMs = 120_000, intervalMs = 250, what = 'condition' } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
        last = await read();
        if (predicate(last)) return last;
        await sleep(intervalMs);
    }
    assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
}

/** Whether an IPv4 address lies inside a CIDR prefix. */
export function ipInPrefix(ip, prefix) {
    const toInt = (a) => a.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
    const [base, bits] = prefix.split('/');
    const mask = bits === '0' ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return (toInt(ip) & mask) === (toInt(base) & mask);
}
