// The documented error cases, as the SDK's RestError reports them (statusCode and ARM error code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emulator, imageBuilder, restError } from './lib/emulator.mjs';
import { templateFor, uniqueName } from './lib/template.mjs';

const rg = emulator.resourceGroupName;
const templates = imageBuilder().virtualMachineImageTemplates;

test('PUT with containerInstanceSubnetId but no subnetId is 400 ValidationFailed', async () => {
    const body = templateFor({ containerInstanceSubnetId: emulator.containerInstanceSubnetId });
    const error = await restError(templates.beginCreateOrUpdateAndWait(rg, uniqueName('sdk-no-subnet-id'), body));
    assert.equal(error.statusCode, 400);
    assert.equal(error.code, 'ValidationFailed');
    assert.match(error.message, /'containerInstanceSubnetId' can only be specified together with 'subnetId'/);
});

test('get of a missing template is 404 ResourceNotFound', async () => {
    const error = await restError(templates.get(rg, uniqueName('sdk-missing')));
    assert.equal(error.statusCode, 404);
    assert.equal(error.code, 'ResourceNotFound');
});

test('an unpublished api-version (2099-01-01) is 400 NoRegisteredProviderFound', async () => {
    const unpublished = imageBuilder({ apiVersion: '2099-01-01' }).virtualMachineImageTemplates;
    const error = await restError(unpublished.get(rg, uniqueName('sdk-api-version')));
    assert.equal(error.statusCode, 400);
    assert.equal(error.code, 'NoRegisteredProviderFound');
    assert.match(error.message, /API version '2099-01-01'/);
});
