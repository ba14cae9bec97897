using System;
using System.Collections.Generic;
using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Arm
{
    /// <summary>An error answer from ARM, with Azure's own code and message kept as they were.</summary>
    public sealed class AibArmException : AibException
    {
        public AibArmException(int status, string? armCode, string armMessage, string? armTarget, string? requestId, string? correlationId,
            string method, string path)
            : base("Arm" + SafeId(armCode ?? ("Http" + status)), CategoryFor(status, armCode),
                Describe(status, armCode, armMessage, requestId, method, path), armTarget ?? path)
        {
            Status = status;
            ArmCode = armCode;
            ArmMessage = armMessage;
            ArmTarget = armTarget;
            RequestId = requestId;
            CorrelationId = correlationId;
        }

        public int Status { get; }
        /// <summary>Azure's error code, e.g. <c>AuthorizationFailed</c>, <c>Conflict</c>, <c>PackerBuildFailed</c>.</summary>
        public string? ArmCode { get; }
        public string ArmMessage { get; }
        public string? ArmTarget { get; }
        public string? RequestId { get; }
        public string? CorrelationId { get; }

        private static readonly Dictionary<string, AibErrorCategory> s_byCode =
            new Dictionary<string, AibErrorCategory>(StringComparer.OrdinalIgnoreCase)
            {
                ["AuthorizationFailed"] = AibErrorCategory.PermissionDenied,
                ["LinkedAuthorizationFailed"] = AibErrorCategory.PermissionDenied,
                ["AuthenticationFailed"] = AibErrorCategory.AuthenticationError,
                ["InvalidAuthenticationToken"] = AibErrorCategory.AuthenticationError,
                ["ExpiredAuthenticationToken"] = AibErrorCategory.AuthenticationError,
                ["ResourceNotFound"] = AibErrorCategory.ObjectNotFound,
                ["ResourceGroupNotFound"] = AibErrorCategory.ObjectNotFound,
                ["SubscriptionNotFound"] = AibErrorCategory.ObjectNotFound,
                ["NotFound"] = AibErrorCategory.ObjectNotFound,
                ["RequestDisallowedByPolicy"] = AibErrorCategory.SecurityError,
                ["Conflict"] = AibErrorCategory.ResourceExists,
                ["QuotaExceeded"] = AibErrorCategory.QuotaExceeded,
                ["OperationNotAllowed"] = AibErrorCategory.QuotaExceeded,
                ["TooManyRequests"] = AibErrorCategory.LimitsExceeded,
                ["MissingSubscriptionRegistration"] = AibErrorCategory.NotEnabled,
                ["InvalidApiVersionParameter"] = AibErrorCategory.InvalidArgument,
                ["BadRequest"] = AibErrorCategory.InvalidArgument,
                ["ValidationFailed"] = AibErrorCategory.InvalidData,
                ["InvalidRequestContent"] = AibErrorCategory.InvalidData,
            };

        internal static AibErrorCategory CategoryFor(int status, string? code)
        {
            if (code != null && s_byCode.TryGetValue(code, out AibErrorCategory category))
            {
                return category;
            }
            switch (status)
            {
                case 400: return AibErrorCategory.InvalidArgument;
                case 401: return AibErrorCategory.AuthenticationError;
                case 403: return AibErrorCategory.PermissionDenied;
                case 404: return AibErrorCategory.ObjectNotFound;
                case 409: return AibErrorCategory.ResourceExists;
                case 429: return AibErrorCategory.LimitsExceeded;
                case 408:
                case 504: return AibErrorCategory.OperationTimeout;
                default: return status >= 500 ? AibErrorCategory.ResourceUnavailable : AibErrorCategory.NotSpecified;
            }
        }

        private static string SafeId(string code)
        {
            var chars = new List<char>(code.Length);
            foreach (char c in code)
            {
                if (char.IsLetterOrDigit(c)) chars.Add(c);
            }
            return chars.Count == 0 ? "Error" : new string(chars.ToArray());
        }

        private static string Describe(int status, string? code, string message, string? requestId, string method, string path)
        {
            string rid = string.IsNullOrEmpty(requestId) ? string.Empty : $" (request id {requestId})";
            return $"{method} {path} failed with {status} {code ?? "(no error code)"}: {message}{rid}";
        }
    }
}
