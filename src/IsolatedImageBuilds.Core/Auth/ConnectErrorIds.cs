using IsolatedImageBuilds.Core.Errors;

namespace IsolatedImageBuilds.Core.Auth
{
    /// <summary>Every error signing in and choosing the cloud and subscription report, with its category.</summary>
    public static class ConnectErrorIds
    {
        // The parameters.
        public static readonly AibError EnvironmentAndArmEndpoint =
            new AibError("ConnectEnvironmentAndArmEndpoint", AibErrorCategory.InvalidArgument);
        public static readonly AibError SkipCertificateCheckWithoutArmEndpoint =
            new AibError("ConnectSkipCertificateCheckWithoutArmEndpoint", AibErrorCategory.InvalidArgument);
        public static readonly AibError UnknownEnvironment = new AibError("ConnectUnknownEnvironment", AibErrorCategory.InvalidArgument);
        public static readonly AibError InvalidArmEndpoint = new AibError("ConnectInvalidArmEndpoint", AibErrorCategory.InvalidArgument);
        public static readonly AibError InvalidSubscriptionId = new AibError("ConnectInvalidSubscriptionId", AibErrorCategory.InvalidArgument);
        public static readonly AibError InvalidTenantId = new AibError("ConnectInvalidTenantId", AibErrorCategory.InvalidArgument);
        public static readonly AibError InvalidClientId = new AibError("ConnectInvalidClientId", AibErrorCategory.InvalidArgument);
        public static readonly AibError InvalidAuthorityHost = new AibError("ConnectInvalidAuthorityHost", AibErrorCategory.InvalidArgument);
        public static readonly AibError EmptyAccessToken = new AibError("ConnectEmptyAccessToken", AibErrorCategory.InvalidArgument);

        // Signing in.
        public static readonly AibError NoAzContext = new AibError("ConnectNoAzContext", AibErrorCategory.ObjectNotFound);
        public static readonly AibError DeviceCodeNotInteractive = new AibError("ConnectDeviceCodeNotInteractive", AibErrorCategory.InvalidOperation);
        public static readonly AibError SignInFailed = new AibError("ConnectSignInFailed", AibErrorCategory.AuthenticationError);
        public static readonly AibError NoCredential = new AibError("ConnectNoCredential", AibErrorCategory.AuthenticationError);

        // The subscription.
        public static readonly AibError NoSubscription = new AibError("ConnectNoSubscription", AibErrorCategory.ObjectNotFound);
        public static readonly AibError SubscriptionAmbiguous = new AibError("ConnectSubscriptionAmbiguous", AibErrorCategory.InvalidArgument);
    }
}
