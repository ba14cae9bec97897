using System.Net;

namespace AibEmulator.Arm;

/// <summary>An ARM error: thrown anywhere in a handler, written by <see cref="ArmPipeline"/> as
/// <c>{"error":{"code","message"}}</c> with the given status.</summary>
public sealed class ArmException : Exception
{
    public ArmException(HttpStatusCode status, string code, string message) : base(message)
    {
        Status = status;
        Code = code;
    }

    public HttpStatusCode Status { get; }
    public string Code { get; }

    public static ArmException BadRequest(string code, string message) => new(HttpStatusCode.BadRequest, code, message);

    public static ArmException ResourceNotFound(string type, string name, string resourceGroup) =>
        new(HttpStatusCode.NotFound, "ResourceNotFound",
            $"The Resource '{type}/{name}' under resource group '{resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    public static ArmException ResourceGroupNotFound(string resourceGroup) =>
        new(HttpStatusCode.NotFound, "ResourceGroupNotFound", $"Resource group '{resourceGroup}' could not be found.");

    public static ArmException SubscriptionNotFound(string subscriptionId) =>
        new(HttpStatusCode.NotFound, "SubscriptionNotFound", $"The subscription '{subscriptionId}' could not be found.");
}
