using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// Asks Azure Policy, through PolicyInsights checkPolicyRestrictions, whether each resource type AIB
    /// will create in the staging RG would be denied there (§6.4): allow-lists that omit ACI, denied
    /// VNets, required tags, allowed locations. The service evaluates the real assignments, so no
    /// policy logic is re-implemented here.
    /// </summary>
    internal sealed class PolicyChecks : ICheckFamily
    {
        public PrerequisiteCategory Category => PrerequisiteCategory.Policy;

        public async Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            // The staging RG is where AIB deploys; until it exists, the subscription is the closest scope that does.
            string scope = ctx.SubscriptionPath;
            try
            {
                if (await ctx.StagingResourceGroup().ConfigureAwait(false) != null) scope = ArmId.Trim(ctx.Request.StagingResourceGroupId!);
            }
            catch (AibArmException)
            {
                // Cannot see the RG (the staging-RG family reports why); evaluating at the subscription still finds subscription-wide denials.
            }
            var checks = new List<Task>();
            foreach (string type in ctx.Request.EffectiveStagingResourceTypes)
            {
                checks.Add(output.Part(CheckNames.Policy(type), scope, () => CheckTypeAsync(ctx, type, scope), ctx.Ct));
            }
            await Task.WhenAll(checks).ConfigureAwait(false);
        }

        private static async Task<PrerequisiteResult> CheckTypeAsync(CheckContext ctx, string type, string scope)
        {
            string check = CheckNames.Policy(type);
            var content = new JsonObject { ["type"] = type, ["location"] = ctx.Location };
            if (ctx.Request.ManagedResourceTags.Count > 0)
            {
                var tags = new JsonObject();
                foreach (KeyValuePair<string, string> tag in ctx.Request.ManagedResourceTags) tags[tag.Key] = tag.Value;
                content["tags"] = tags;
            }
            var body = new JsonObject
            {
                ["resourceDetails"] = new JsonObject { ["resourceContent"] = content, ["apiVersion"] = ArmApiVersions.ForResourceType(type) },
                ["includeAuditEffect"] = true,
            };
            ArmResponse response = await ctx.Arm
                .PostReadAsync($"{scope}/providers/Microsoft.PolicyInsights/checkPolicyRestrictions", ArmApiVersions.PolicyInsights, body)
                .ConfigureAwait(false);

            List<Finding> findings = Evaluations(response.Json).Concat(FieldRestrictions(ctx, response.Json)).ToList();
            List<Finding> denials = findings.Where(f => f.Effect.Equals("Deny", StringComparison.OrdinalIgnoreCase)).ToList();
            if (denials.Count > 0)
            {
                Finding first = denials[0];
                return Check.Failed(check, PrerequisiteCategory.Policy, scope,
                    $"Azure Policy denies {type} in {Describe(scope)}: {first.Reason}. The build fails when AIB creates it.",
                    Remedy(ctx, type, scope, first),
                    denials.Select(f => f.ToString()).ToArray());
            }
            if (findings.Count > 0)
            {
                return Check.Warning(check, PrerequisiteCategory.Policy, scope,
                    $"Azure Policy does not deny {type}, but {findings.Count} assignment(s) flag it "
                        + $"({string.Join(", ", findings.Select(f => f.Effect).Distinct())}); "
                        + "modifying policies on staging resources can still break a build.",
                    null, findings.Select(f => f.ToString()).ToArray());
            }
            return Check.Passed(check, PrerequisiteCategory.Policy, scope, $"No policy denies {type} in {Describe(scope)}.",
                "checkPolicyRestrictions: no Deny or Audit result");
        }

        /// <summary>contentEvaluationResult.policyEvaluations: assignments the resource as described would not comply with.</summary>
        private static IEnumerable<Finding> Evaluations(JsonNode? json)
        {
            foreach (JsonNode e in json.Items("contentEvaluationResult", "policyEvaluations"))
            {
                if (!string.Equals(e.Str("evaluationResult"), "NonCompliant", StringComparison.OrdinalIgnoreCase)) continue;
                yield return new Finding(e.Str("effectDetails", "policyEffect") ?? "Unknown", e.At("policyInfo"),
                    e.Str("evaluationDetails", "reason") ?? "the resource does not comply");
            }
        }

        /// <summary>
        /// fieldRestrictions: per-field limits. Only the fields we know the values of count: location, the
        /// tags the template sets, the type itself.
        /// </summary>
        private static IEnumerable<Finding> FieldRestrictions(CheckContext ctx, JsonNode? json)
        {
            foreach (JsonNode field in json.Items("fieldRestrictions"))
            {
                string name = field.Str("field") ?? string.Empty;
                foreach (JsonNode r in field.Items("restrictions"))
                {
                    string result = r.Str("result") ?? string.Empty;
                    string effect = r.Str("policyEffect") ?? result;
                    List<string> values = r.Strings("values").ToList();
                    string reason = r.Str("reason") ?? $"{name} is restricted";
                    bool hits;
                    if (name.Equals("location", StringComparison.OrdinalIgnoreCase))
                    {
                        hits = result.Equals("Deny", StringComparison.OrdinalIgnoreCase) && values.Any(v => ArmLocation.Normalize(v) == ctx.Location);
                    }
                    else if (name.StartsWith("tags.", StringComparison.OrdinalIgnoreCase))
                    {
                        string tag = name.Substring(5);
                        bool has = ctx.Request.ManagedResourceTags.TryGetValue(tag, out string? value);
                        hits = result.Equals("Required", StringComparison.OrdinalIgnoreCase)
                            && (!has || (values.Count > 0 && !values.Contains(value!, StringComparer.OrdinalIgnoreCase)));
                        if (hits) reason += $" (set managedResourceTags '{tag}' on the template)";
                    }
                    else
                    {
                        hits = name.Equals("type", StringComparison.OrdinalIgnoreCase) && result.Equals("Deny", StringComparison.OrdinalIgnoreCase);
                    }
                    if (hits) yield return new Finding(effect, r.At("policy"), reason);
                }
            }
        }

        private static string Remedy(CheckContext ctx, string type, string scope, Finding deny)
        {
            string assignment = deny.AssignmentId ?? "<policy assignment id>";
            string exemptScope = string.IsNullOrEmpty(ctx.Request.StagingResourceGroupId) ? scope : ArmId.Trim(ctx.Request.StagingResourceGroupId!);
            bool networkType = type.Equals("Microsoft.Network/virtualNetworks", StringComparison.OrdinalIgnoreCase)
                || type.StartsWith("Microsoft.Network/private", StringComparison.OrdinalIgnoreCase)
                || type.Equals("Microsoft.Network/loadBalancers", StringComparison.OrdinalIgnoreCase)
                || type.Equals("Microsoft.Network/networkSecurityGroups", StringComparison.OrdinalIgnoreCase);
            string alternative = networkType ? PolicyFixes.BringBothSubnets : PolicyFixes.AllowType(type);
            return PolicyFixes.ExemptStagingGroup.Fill(("scope", exemptScope), ("assignment", assignment), ("alternative", alternative));
        }

        private static string Describe(string scope) => ArmId.IsResourceGroupId(scope) ? "the staging resource group" : "the subscription";

        private sealed class Finding
        {
            public Finding(string effect, JsonNode? policy, string reason)
            {
                Effect = effect;
                AssignmentId = policy.Str("policyAssignmentId");
                DefinitionId = policy.Str("policyDefinitionId");
                SetDefinitionId = policy.Str("policySetDefinitionId");
                Reason = reason;
            }

            public string Effect { get; }
            public string? AssignmentId { get; }
            public string? DefinitionId { get; }
            public string? SetDefinitionId { get; }
            public string Reason { get; }

            public override string ToString()
                => $"assignment {AssignmentId ?? "(unknown)"}; definition {DefinitionId ?? "(unknown)"}"
                   + (SetDefinitionId != null ? $"; initiative {SetDefinitionId}" : string.Empty)
                   + $"; effect {Effect}; reason: {Reason}";
        }
    }
}
