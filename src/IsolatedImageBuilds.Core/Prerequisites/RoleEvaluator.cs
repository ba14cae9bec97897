using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using IsolatedImageBuilds.Core.Arm;
using IsolatedImageBuilds.Core.Json;

namespace IsolatedImageBuilds.Core.Prerequisites
{
    /// <summary>
    /// Effective Azure RBAC actions of the template identity at a scope, worked out from its role
    /// assignments and their role definitions: wildcards in actions, notActions subtracted within the
    /// same permission block, assignments at the scope or any ancestor counting.
    ///
    /// Why not <c>{scope}/providers/Microsoft.Authorization/permissions</c>? It answers for the CALLER
    /// (the signed-in admin or pipeline), not for the identity AIB will use, so it cannot decide these
    /// checks. Deny assignments and ABAC conditions are not evaluated (rare for AIB identities; a
    /// condition can only narrow a grant we report).
    /// </summary>
    internal sealed class RoleEvaluator
    {
        private readonly CheckContext _ctx;
        private readonly ConcurrentDictionary<string, Lazy<Task<RoleDefinition>>> _definitions =
            new ConcurrentDictionary<string, Lazy<Task<RoleDefinition>>>(StringComparer.OrdinalIgnoreCase);

        public RoleEvaluator(CheckContext ctx) => _ctx = ctx;

        /// <summary>The identity's service principal object id (GET on the identity, shared).</summary>
        public async Task<string> PrincipalIdAsync()
        {
            ArmResponse identity = await _ctx.Identity().ConfigureAwait(false);
            return identity.Json.Str("properties", "principalId")
                ?? throw new InvalidOperationException("The identity has no properties.principalId.");
        }

        /// <summary>Which of <paramref name="actions"/> the identity holds on <paramref name="target"/>, and through which role.</summary>
        public async Task<PermissionVerdict> CheckAsync(string target, IReadOnlyList<string> actions)
        {
            string principalId = await PrincipalIdAsync().ConfigureAwait(false);
            string subscription = ArmId.SubscriptionOf(target) ?? _ctx.Request.SubscriptionId;
            // Listed per subscription with a principal filter: ARM returns the assignments at, above and below it.
            IReadOnlyList<JsonObject> assignments = await _ctx.Arm.ListAsync(
                $"/subscriptions/{subscription}/providers/Microsoft.Authorization/roleAssignments?$filter=principalId eq '{principalId}'",
                ArmApiVersions.Authorization).ConfigureAwait(false);

            var covering = assignments
                .Where(a => string.Equals(a.Str("properties", "principalId"), principalId, StringComparison.OrdinalIgnoreCase))
                .Where(a => a.Str("properties", "scope") is string scope && ArmId.Covers(scope, target))
                .ToList();
            RoleDefinition[] roles =
                await Task.WhenAll(covering.Select(a => DefinitionAsync(a.Str("properties", "roleDefinitionId")!))).ConfigureAwait(false);

            var granted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var missing = new List<string>();
            foreach (string action in actions)
            {
                int i = Array.FindIndex(roles, role => role.Allows(action));
                if (i >= 0) granted[action] = $"{action} via '{roles[i].Name}' at {covering[i].Str("properties", "scope")}";
                else missing.Add(action);
            }
            return new PermissionVerdict(principalId, missing, granted.Values.ToList(), covering.Count);
        }

        private Task<RoleDefinition> DefinitionAsync(string id)
            => _definitions.GetOrAdd(id, key => new Lazy<Task<RoleDefinition>>(async () =>
            {
                ArmResponse definition = await _ctx.Arm.GetAsync(ArmId.Trim(key), ArmApiVersions.Authorization).ConfigureAwait(false);
                return new RoleDefinition(definition.Json);
            })).Value;

        internal sealed class RoleDefinition
        {
            private readonly List<(Regex[] Actions, Regex[] NotActions)> _blocks = new List<(Regex[], Regex[])>();

            public RoleDefinition(JsonNode? json)
            {
                Name = json.Str("properties", "roleName") ?? json.Str("name") ?? "(unnamed role)";
                foreach (JsonNode p in json.Items("properties", "permissions"))
                {
                    _blocks.Add((p.Strings("actions").Select(Wildcard).ToArray(), p.Strings("notActions").Select(Wildcard).ToArray()));
                }
            }

            public string Name { get; }

            public bool Allows(string action)
                => _blocks.Any(b => b.Actions.Any(a => a.IsMatch(action)) && !b.NotActions.Any(n => n.IsMatch(action)));

            /// <summary>
            /// '*' matches any text; a whole "/*/" segment may also match nothing, as Azure reads it —
            /// Managed Identity Operator's "userAssignedIdentities/*/assign/action" grants "userAssignedIdentities/assign/action".
            /// </summary>
            internal static Regex Wildcard(string pattern)
                => new Regex("^" + Regex.Escape(pattern).Replace("/\\*/", "/(?:.*/)?").Replace("\\*", ".*") + "$",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }

    internal sealed class PermissionVerdict
    {
        public PermissionVerdict(string principalId, IReadOnlyList<string> missing, IReadOnlyList<string> granted, int assignmentsAtScope)
        {
            PrincipalId = principalId;
            Missing = missing;
            Granted = granted;
            AssignmentsAtScope = assignmentsAtScope;
        }

        public string PrincipalId { get; }
        public IReadOnlyList<string> Missing { get; }
        public IReadOnlyList<string> Granted { get; }
        public int AssignmentsAtScope { get; }
        public bool HasAll => Missing.Count == 0;
    }
}
