// An isolated-build template in the SDK's own model (@azure/arm-imagebuilder flattens `properties`).
import { randomUUID } from 'node:crypto';
import { emulator } from './emulator.mjs';

export const topologies = ['NoSubnet', 'BuildSubnetOnly', 'BuildAndAciSubnets'];

// The default scenario's image group, where the identity may write managed images.
const imageResourceGroup = 'rg-aib-images';

export const uniqueName = (prefix) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** vnetConfig per topology: none, the build subnet, or the build subnet plus the ACI subnet. */
export function vnetConfigFor(topology) {
    switch (topology) {
        case 'NoSubnet': return undefined;
        case 'BuildSubnetOnly': return { subnetId: emulator.buildSubnetId };
        case 'BuildAndAciSubnets': return { subnetId: emulator.buildSubnetId, containerInstanceSubnetId: emulator.containerInstanceSubnetId };
        default: throw new Error(`unknown topology ${topology}`);
    }
}

export function templateFor(vnetConfig) {
    return {
        location: emulator.location,
        tags: { purpose: 'sdk-fidelity' },
        identity: { type: 'UserAssigned', userAssignedIdentities: { [emulator.userAssignedIdentityId]: {} } },
        source: { type: 'PlatformImage', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
        customize: [{ type: 'Shell', name: 'update', inline: ['sudo apt-get update -y'] }],
        distribute: [{
            type: 'ManagedImage',
            runOutputName: 'managed',
            imageId: `/subscriptions/${emulator.subscriptionId}/resourceGroups/${imageResourceGroup}/providers/Microsoft.Compute/images/${uniqueName('img-sdk')}`,
            location: emulator.location,
        }],
        buildTimeoutInMinutes: 60,
        vmProfile: { vmSize: 'Standard_D2ds_v4', osDiskSizeGB: 64, ...(vnetConfig ? { vnetConfig } : {}) },
    };
}
