using System.Text.Json.Nodes;

namespace AibEmulator.ImageBuilder;

/// <summary>GET /providers/Microsoft.VirtualMachineImages/operations: the provider's RBAC operations
/// (the vendored REST spec's x-ms-long-running-operation behaviour).</summary>
public static class ImageBuilderOperations
{
    private static readonly (string Name, string? Resource, string Description)[] All =
    [
        ("register/action", null, "Register Virtual Machine Image Builder RP"),
        ("unregister/action", null, "Unregister Virtual Machine Image Builder RP"),
        ("imageTemplates/read", "VM Image template", "Get a VM image template instance resource"),
        ("imageTemplates/write", "VM Image template", "Create or update a VM image template instance resource"),
        ("imageTemplates/delete", "VM Image template", "Delete a VM image template instance resource"),
        ("imageTemplates/run/action", "VM Image template", "Execute a VM image template to produce its outputs"),
        ("imageTemplates/cancel/action", "VM Image template", "Cancel a running image build"),
        ("imageTemplates/runOutputs/read", "VM Image template run output", "Get a VM image template run output resource"),
        ("imageTemplates/triggers/read", "Trigger", "Get a trigger for a VM image template resource"),
        ("imageTemplates/triggers/write", "Trigger", "Create or update a trigger for a VM image template resource"),
        ("imageTemplates/triggers/delete", "Trigger", "Delete a trigger for a VM image template resource"),
        ("operations/read", "Operation", "List available Virtual Machine Image Builder Operations"),
        ("locations/operations/read", "Asynchronous Operation", "Get the status of an asynchronous operation"),
    ];


    public static JsonArray List() => new(All.Select(o =>
    {
        var display = new JsonObject { ["provider"] = "Virtual Machine Image Builder", ["operation"] = o.Description };
        if (o.Resource is not null) display["resource"] = o.Resource;
        display["description"] = o.Description;
        return (JsonNode)new JsonObject { ["name"] = "Microsoft.VirtualMachineImages/" + o.Name, ["display"] = display, ["isDataAction"] = false };
    }).ToArray());
}
