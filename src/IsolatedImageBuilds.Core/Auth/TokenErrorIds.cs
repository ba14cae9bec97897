using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Auth
{
    /// <summary>What the module reports about a token during long waits (a static -AccessToken cannot be renewed).</summary>
    public static class TokenErrorIds
    {
        /// <summary>Warning: the -AccessToken given expires before the build can end.</summary>
        public static readonly AibError StaticExpiresDuringWait = new AibError("TokenStaticExpiresDuringWait", AibErrorCategory.AuthenticationError);

        /// <summary>The -AccessToken given has expired: the wait ends, the build goes on in Azure.</summary>
        public static readonly AibError StaticExpired = new AibError("TokenStaticExpired", AibErrorCategory.AuthenticationError);
    }
}
