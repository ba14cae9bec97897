using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;
using IsolatedImageBuilds.Core.Topology;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// Policies that attach (Modify / DeployIfNotExists) or demand (Deny) a DDoS protection plan on new
    /// virtual networks break the topologies where AIB creates a VNet, unless the template identity may
    /// join the plan (§5). Found by reading the subscription's policy assignments and their definitions:
    /// checkPolicyRestrictions reports denials, not modifications, so it cannot see these.
    /// </summary>
    internal sealed class DdosChecks : ICheckFamily
    {
        private const string CheckName = CheckNames.Ddos.VirtualNetworkPolicy;
        private const string JoinAction = "Microsoft.Network/ddosProtectionPlans/join/action";
        private static readonly Regex s_parameterRef = new Regex(@"^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$", RegexOptions.IgnoreCase);

        public PrerequisiteCategory Category => PrerequisiteCategory.Ddos;

        public async Task RunAsync(CheckContext ctx, FamilyOutput output)
        {
            if (ctx.Request.Topology == NetworkTopology.BuildAndAciSubnets)
            {
                output.Add(Check.Skipped(CheckName, Category, null,
                    "BuildAndAciSubnets creates no VNet, so DDoS-plan policies on new VNets do not apply."));
                return;
            }
            IReadOnlyList<JsonObject> assignments;
            string listScope = ctx.SubscriptionPath;
            try
            {
                assignments = await ctx.Arm.ListAsync($"{listScope}/providers/Microsoft.Authorization/policyAssignments", ArmApiVersions.Policy)
                    .ConfigureAwait(false);
            }
            catch (AibArmException e)
            {
                output.Add(Check.CouldNotRead(CheckName, Category, listScope, e));
                return;
            }
            string stagingScope =
                string.IsNullOrWhiteSpace(ctx.Request.StagingResourceGroupId) ? listScope : ArmId.Trim(ctx.Request.StagingResourceGroupId!);
            var relevant = assignments.Where(a => !Excluded(a, stagingScope)).ToList();
            int findings = 0, unread = 0;
            await Task.WhenAll(relevant.Select(a =>
            {
                string id = a.Str("id") ?? "(assignment)";
                return output.Part(CheckName, id, async () =>
                {
                    try
                    {
                        List<PrerequisiteResult> results = await AssessAsync(ctx, a, id).ConfigureAwait(false);
                        Interlocked.Add(ref findings, results.Count);
                        return results;
                    }
                    catch (AibArmException)
                    {
                        // Reported as a Warning for this assignment by Part; and no overall Passed below.
                        Interlocked.Increment(ref unread);
                        throw;
                    }
                }, ctx.Ct);
            })).ConfigureAwait(false);
            if (findings == 0 && unread == 0)
            {
                output.Add(Check.Passed(CheckName, Category, listScope,
                    "No policy assignment attaches or demands a DDoS protection plan on new virtual networks.",
                    $"{assignments.Count} policy assignment(s) read, {assignments.Count - relevant.Count} excluding the staging scope"));
            }
        }

        /// <summary>An assignment whose notScopes cover the staging RG does not apply to AIB's VNet.</summary>
        private static bool Excluded(JsonObject assignment, string stagingScope)
            => assignment.Strings("properties", "notScopes")
                .Any(n => ArmId.Covers(n, stagingScope) && !n.StartsWith("/providers/Microsoft.Management", StringComparison.OrdinalIgnoreCase));

        private async Task<List<PrerequisiteResult>> AssessAsync(CheckContext ctx, JsonObject assignment, string assignmentId)
        {
            var results = new List<PrerequisiteResult>();
            string definitionId = assignment.Str("properties", "policyDefinitionId") ?? string.Empty;
            JsonNode? assignmentParameters = assignment.At("properties", "parameters");
            bool enforced = !string.Equals(assignment.Str("properties", "enforcementMode"), "DoNotEnforce", StringComparison.OrdinalIgnoreCase);

            // A definition alone, or each member of an initiative with the parameter values the initiative passes it.
            var members = new List<(string DefinitionId, Func<string, JsonNode?> Parameter)>();
            if (definitionId.IndexOf("/policySetDefinitions/", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                JsonNode? set = (await ctx.Arm.GetAsync(definitionId, ArmApiVersions.Policy).ConfigureAwait(false)).Json;
                Func<string, JsonNode?> setParameter = name => Resolve(name, assignmentParameters, set);
                foreach (JsonNode member in set.Items("properties", "policyDefinitions"))
                {
                    JsonNode? passed = member.At("parameters");
                    Func<string, JsonNode?> parameter = name =>
                    {
                        JsonNode? value = passed.At(name, "value");
                        return value is JsonValue v && v.TryGetValue(out string? text)
                            && s_parameterRef.Match(text ?? string.Empty) is Match m && m.Success
                            ? setParameter(m.Groups[1].Value)
                            : value;
                    };
                    members.Add((member.Str("policyDefinitionId") ?? string.Empty, parameter));
                }
            }
            else
            {
                members.Add((definitionId, name => assignmentParameters.At(name, "value")));
            }

            foreach ((string memberId, Func<string, JsonNode?> parameter) in members)
            {
                JsonNode? definition = (await ctx.Arm.GetAsync(memberId, ArmApiVersions.Policy).ConfigureAwait(false)).Json;
                string rule = definition.At("properties", "policyRule")?.ToJsonString() ?? string.Empty;
                if (rule.IndexOf("Microsoft.Network/virtualNetworks", StringComparison.OrdinalIgnoreCase) < 0
                    || rule.IndexOf("ddosProtectionPlan", StringComparison.OrdinalIgnoreCase) < 0) continue;

                string effect = Value(definition.Str("properties", "policyRule", "then", "effect") ?? "Unknown", parameter, definition);
                string? plan = PlanId(definition, parameter);
                string[] evidence =
                {
                    $"assignment {assignmentId}", $"definition {memberId}", $"effect {effect}", "plan " + (plan ?? "(not found in the assignment)"),
                    $"enforcementMode {(enforced ? "Default" : "DoNotEnforce")}",
                };
                results.Add(await VerdictAsync(ctx, assignmentId, effect, plan, enforced, evidence).ConfigureAwait(false));
            }
            return results;
        }

        private async Task<PrerequisiteResult> VerdictAsync(CheckContext ctx, string assignmentId, string effect, string? plan, bool enforced,
            string[] evidence)
        {
            string e = effect.ToLowerInvariant();
            if (e == "disabled" || !enforced)
            {
                return Check.Passed(CheckName, Category, assignmentId,
                    $"A DDoS-plan policy is assigned but not in force ({(enforced ? "effect Disabled" : "DoNotEnforce")}).", evidence);
            }
            if (e == "audit" || e == "auditifnotexists")
            {
                return Check.Warning(CheckName, Category, assignmentId,
                    "A DDoS-plan policy audits new VNets: AIB's temporary VNet will show as non-compliant, the build is not blocked.", null,
                    evidence);
            }
            string stagingScope = string.IsNullOrWhiteSpace(ctx.Request.StagingResourceGroupId)
                ? ctx.SubscriptionPath
                : ArmId.Trim(ctx.Request.StagingResourceGroupId!);
            string exemption = DdosFixes.ExemptStagingGroup.Fill(("scope", stagingScope), ("assignment", assignmentId));
            string message = $"A DDoS-plan policy ({effect}) applies to the VNet AIB creates for the {ctx.Request.Topology} topology";
            if (plan == null || string.IsNullOrWhiteSpace(ctx.Request.UserAssignedIdentityId))
            {
                return Check.Failed(CheckName, Category, assignmentId,
                    message + (plan == null
                        ? ", and its plan id is unknown, so the identity's join permission cannot be checked."
                        : "; no identity given to check for the join permission."),
                    exemption, evidence);
            }
            PermissionVerdict verdict;
            try
            {
                verdict = await ctx.Roles.CheckAsync(plan, new[] { JoinAction }).ConfigureAwait(false);
            }
            catch (AibArmException x)
            {
                return Check.Warning(CheckName, Category, assignmentId,
                    message + $"; whether the identity may join the plan could not be read ({x.Status} {x.ArmCode}).", exemption,
                    evidence.Concat(new[] { x.Message }).ToArray());
            }
            if (verdict.HasAll)
            {
                return Check.Passed(CheckName, Category, assignmentId, message + ", and the identity may join the plan.",
                    evidence.Concat(verdict.Granted).ToArray());
            }
            return Check.Failed(CheckName, Category, assignmentId, message + $"; the identity lacks {JoinAction} on the plan.",
                IdentityChecks.RoleFix(verdict.PrincipalId, "Network Contributor", plan) + "\nOr: " + exemption.Replace("\n", "\nOr: "),
                evidence.Concat(new[] { "missing: " + JoinAction }).ToArray());
        }

        /// <summary>The DDoS plan id: the parameter typed as a DDoS plan, else one named like it.</summary>
        private static string? PlanId(JsonNode? definition, Func<string, JsonNode?> parameter)
        {
            if (definition.At("properties", "parameters") is JsonObject parameters)
            {
                foreach (KeyValuePair<string, JsonNode?> p in parameters)
                {
                    bool typed = string.Equals(p.Value.Str("metadata", "strongType"), "Microsoft.Network/ddosProtectionPlans",
                        StringComparison.OrdinalIgnoreCase);
                    if (typed || p.Key.IndexOf("ddos", StringComparison.OrdinalIgnoreCase) >= 0
                        && p.Key.IndexOf("plan", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        string value = Value($"[parameters('{p.Key}')]", parameter, definition);
                        if (value.StartsWith("/", StringComparison.Ordinal)) return value;
                    }
                }
            }
            return null;
        }

        /// <summary>A literal, or "[parameters('x')]" resolved from what the assignment passes, else the definition's default.</summary>
        private static string Value(string expression, Func<string, JsonNode?> parameter, JsonNode? definition)
        {
            Match m = s_parameterRef.Match(expression);
            if (!m.Success) return expression;
            string name = m.Groups[1].Value;
            return parameter(name).Str() ?? definition.Str("properties", "parameters", name, "defaultValue") ?? expression;
        }

        private static JsonNode? Resolve(string name, JsonNode? assignmentParameters, JsonNode? set)
            => assignmentParameters.At(name, "value") ?? set.At("properties", "parameters", name, "defaultValue");
    }
}
