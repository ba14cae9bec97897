// The life of an isolated-build template, per network topology, through the official SDKs only:
// create, read, list, run and watch the staging group, wait, run outputs, run again and cancel, delete.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
    emulator, imageBuilder, resources, network, containerInstance, apiVersionFor, parseId, restError, toArray, pollUntil, ipInPrefix,
} from './lib/emulator.mjs';
import { topologies, vnetConfigFor, templateFor, uniqueName } from './lib/template.mjs';

const types = {
    containerGroup: 'Microsoft.ContainerInstance/containerGroups',
    vm: 'Microsoft.Compute/virtualMachines',
    nic: 'Microsoft.Network/networkInterfaces',
    vnet: 'Microsoft.Network/virtualNetworks',
    nsg: 'Microsoft.Network/networkSecurityGroups',
    privateLinkService: 'Microsoft.Network/privateLinkServices',
    loadBalancer: 'Microsoft.Network/loadBalancers',
    privateEndpoint: 'Microsoft.Network/privateEndpoints',
    publicIp: 'Microsoft.Network/publicIPAddresses',
};

// What AIB adds to the staging group for each topology while a build runs, and what it must not add
// (isolated builds never create a public IP).
const expectations = {
    NoSubnet: { present: [types.vnet, types.nsg], absent: [types.privateLinkService, types.loadBalancer, types.privateEndpoint, types.publicIp], vms: 1 },
    BuildSubnetOnly: { present: [types.privateLinkService, types.loadBalancer, types.privateEndpoint], absent: [types.publicIp], vms: 2 },
    BuildAndAciSubnets: { present: [], absent: [types.vnet, types.nsg, types.privateLinkService, types.loadBalancer, types.privateEndpoint, types.publicIp], vms: 1 },
};

const terminalRunStates = ['Succeeded', 'PartiallySucceeded', 'Failed', 'Canceled'];
const rg = emulator.resourceGroupName;
const client = imageBuilder();
const templates = client.virtualMachineImageTemplates;
const sameType = (a, b) => a.toLowerCase() === b.toLowerCase();
const ofType = (list, type) => list.filter((r) => sameType(r.type, type));

for (const topology of topologies) {
    describe(topology, () => {
        const name = uniqueName(`sdk-${topology.toLowerCase()}`);
        const expected = expectations[topology];
        const walk = {}; // what one step learns and the next ones use

        after(async () => {
            // Leave nothing behind when a step failed before the delete step.
            if (!walk.deleted) await templates.beginDeleteAndWait(rg, name).catch(() => {});
        });

        test('create (beginCreateOrUpdateAndWait)', async () => {
            const created = await templates.beginCreateOrUpdateAndWait(rg, name, templateFor(vnetConfigFor(topology)));
            walk.staging = parseId(created.exactStagingResourceGroup).name;
            assert.equal(created.name, name);
            assert.equal(created.provisioningState, 'Succeeded');
            const vnetConfig = vnetConfigFor(topology) ?? {};
            assert.equal(created.vmProfile?.vnetConfig?.subnetId, vnetConfig.subnetId);
            assert.equal(created.vmProfile?.vnetConfig?.containerInstanceSubnetId, vnetConfig.containerInstanceSubnetId);
            assert.match(created.exactStagingResourceGroup, new RegExp(`/resourceGroups/IT_${rg}_${name}_[0-9a-f-]{36}$`, 'i'));
        });

        test('get', async () => {
            const template = await templates.get(rg, name);
            assert.equal(template.id, `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/${name}`);
            assert.equal(template.type, 'Microsoft.VirtualMachineImages/imageTemplates');
            assert.equal(template.location, emulator.location);
            assert.deepEqual(Object.keys(template.identity.userAssignedIdentities), [emulator.userAssignedIdentityId]);
            assert.equal(template.source.type, 'PlatformImage');
            assert.equal(template.distribute[0].runOutputName, 'managed');
            assert.equal(parseId(template.exactStagingResourceGroup).name, walk.staging);
        });

        test('listByResourceGroup', async () => {
            const listed = await toArray(templates.listByResourceGroup(rg));
            assert.ok(listed.some((t) => t.name === name), `${name} not in ${listed.map((t) => t.name)}`);
        });

        test('beginRun starts the build', async () => {
            walk.run = await templates.beginRun(rg, name);
            const status = (await templates.get(rg, name)).lastRunStatus;
            assert.equal(status?.runState, 'Running');
        });

        test('while it runs: the staging group holds the container group and the build VM', async () => {
            const buildVmCreated = (list) => ofType(list, types.vm).length >= expected.vms && ofType(list, types.containerGroup).length === 1;
            walk.resources = await pollUntil(() => toArray(resources.resources.listByResourceGroup(walk.staging)), buildVmCreated,
                { what: `the container group and ${expected.vms} VM(s) in ${walk.staging}` });
            const listed = ofType(walk.resources, types.containerGroup)[0];
            assert.match(listed.name, /^vmimagebuilder-build-container-/);
            const group = await containerInstance.containerGroups.get(walk.staging, listed.name);
            assert.equal(group.id, listed.id);
            assert.equal(group.ipAddress?.type, 'Private', 'the build container has no public IP');
            walk.containerGroup = group;
        });

        test('while it runs: containers.listLogs returns the live Packer log', async () => {
            const group = walk.containerGroup;
            const logs = await pollUntil(
                () => containerInstance.containers.listLogs(walk.staging, group.name, group.containers[0].name, { tail: 20 }),
                (l) => (l.content ?? '').includes('PACKER'), { what: 'Packer lines in the container log' });
            assert.ok(logs.content.trim().split('\n').length <= 20, 'tail=20 returns at most 20 lines');
        });

        test('while it runs: the topology\'s network resources, and no public IP', () => {
            const seen = new Set(walk.resources.map((r) => r.type.toLowerCase()));
            for (const type of expected.present) assert.ok(seen.has(type.toLowerCase()), `${topology}: expected a ${type} in ${walk.staging}`);
            for (const type of expected.absent) assert.ok(!seen.has(type.toLowerCase()), `${topology}: unexpected ${type} in ${walk.staging}`);
            assert.equal(ofType(walk.resources, types.vm).length, expected.vms, `${topology}: VMs in ${walk.staging}`);
        });

        test('while it runs: arm-network lists no public IP in the staging group', async () => {
            assert.deepEqual(await toArray(network.publicIPAddresses.list(walk.staging)), []);
        });

        test('while it runs: resources.getById reads each staging resource', async () => {
            const wanted = [types.containerGroup, types.vm, types.nic, ...expected.present];
            for (const listed of walk.resources.filter((r) => wanted.some((t) => sameType(t, r.type)))) {
                const resource = await resources.resources.getById(listed.id, apiVersionFor(listed.id));
                assert.equal(resource.id.toLowerCase(), listed.id.toLowerCase());
                assert.ok(sameType(resource.type, listed.type));
            }
        });

        test('while it runs: resources.checkExistenceById is true for them and false for a made-up id', async () => {
            const group = walk.containerGroup;
            assert.equal((await resources.resources.checkExistenceById(group.id, apiVersionFor(group.id))).body, true);
            const missing = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${walk.staging}/providers/Microsoft.Network/virtualNetworks/does-not-exist`;
            assert.equal((await resources.resources.checkExistenceById(missing, apiVersionFor(missing))).body, false);
        });

        test('while it runs: the build VM\'s NIC has an address inside its subnet and points back at the VM', async () => {
            const vm = ofType(walk.resources, types.vm).find((r) => r.name.startsWith('pkrvm'));
            assert.ok(vm, 'the build VM (pkrvm*)');
            const nics = ofType(walk.resources, types.nic);
            assert.ok(nics.length >= 1);
            let checked = 0;
            for (const listed of nics) {
                const nic = await network.networkInterfaces.get(walk.staging, listed.name);
                const ipConfiguration = nic.ipConfigurations[0];
                const subnetId = parseId(ipConfiguration.subnet.id);
                const [vnetName, subnetName] = [subnetId.parts[subnetId.parts.length - 3], subnetId.name];
                const subnet = await network.subnets.get(subnetId.resourceGroup, vnetName, subnetName);
                assert.ok(ipInPrefix(ipConfiguration.privateIPAddress, subnet.addressPrefix),
                    `${nic.name}: ${ipConfiguration.privateIPAddress} is not in ${subnet.name} (${subnet.addressPrefix})`);
                assert.ok(nic.virtualMachine?.id, `${nic.name}: virtualMachine is missing`);
                if (nic.virtualMachine.id.toLowerCase() === vm.id.toLowerCase()) checked++;
            }
            assert.equal(checked, 1, 'exactly one NIC belongs to the build VM');
        });

        test('the run ends Succeeded (get until lastRunStatus is terminal)', async () => {
            const template = await pollUntil(() => templates.get(rg, name), (t) => terminalRunStates.includes(t.lastRunStatus?.runState),
                { what: `${name}'s run to end` });
            assert.equal(template.lastRunStatus.runState, 'Succeeded', template.lastRunStatus.message);
            assert.ok(template.lastRunStatus.endTime > template.lastRunStatus.startTime);
            await walk.run.pollUntilDone(); // the run's long-running operation agrees
        });

        test('source.exactVersion is resolved for version "latest"', async () => {
            const template = await templates.get(rg, name);
            assert.ok(template.source.exactVersion, `exactVersion is ${JSON.stringify(template.source.exactVersion)}`);
            assert.notEqual(template.source.exactVersion, 'latest');
        });

        test('listRunOutputs', async () => {
            const outputs = await toArray(templates.listRunOutputs(rg, name));
            assert.deepEqual(outputs.map((o) => o.name), ['managed']);
            assert.match(outputs[0].artifactId ?? '', /\/providers\/Microsoft\.Compute\/images\//i);
            assert.equal(outputs[0].provisioningState, 'Succeeded');
        });

        test('a second run is canceled (beginRun, beginCancel, then Canceled)', async () => {
            await templates.beginRun(rg, name);
            const cancel = await templates.beginCancel(rg, name);
            await cancel.pollUntilDone();
            const template = await pollUntil(() => templates.get(rg, name), (t) => terminalRunStates.includes(t.lastRunStatus?.runState),
                { what: `${name}'s second run to end` });
            assert.equal(template.lastRunStatus.runState, 'Canceled');
        });

        test('delete (beginDeleteAndWait), then get is 404', async () => {
            await templates.beginDeleteAndWait(rg, name);
            walk.deleted = true;
            const error = await restError(templates.get(rg, name));
            assert.equal(error.statusCode, 404);
        });
    });
}
