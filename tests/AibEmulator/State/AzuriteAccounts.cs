namespace AibEmulator.State;

/// <summary>The Azurite blob service and its accounts. Staging storage accounts get real Azurite
/// accounts from the pool given in AZURITE_ACCOUNTS ("name:key;name:key", the variable Azurite itself
/// reads, so both processes see the same accounts); without it, every staging account maps to Azurite's
/// default account.</summary>
public sealed class AzuriteAccounts
{
    public const string DefaultAccount = "devstoreaccount1";
    public const string DefaultKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Queue<(string Name, string Key)> _free = new();
    private readonly Dictionary<string, string> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _sync = new();

    public AzuriteAccounts(string? blobEndpoint, string? accountsVariable)
    {
        BlobEndpoint = blobEndpoint?.TrimEnd('/');
        _keys[DefaultAccount] = DefaultKey;
        foreach (var entry in (accountsVariable ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length < 2 || parts[0] == DefaultAccount) continue;
            _keys[parts[0]] = parts[1];
            _free.Enqueue((parts[0], parts[1]));
        }
    }

    /// <summary>Azurite's blob service root, e.g. http://127.0.0.1:10000 (null: no Azurite).</summary>
    public string? BlobEndpoint { get; }

    public string BlobEndpointOf(string account) => $"{BlobEndpoint ?? "http://127.0.0.1:10000"}/{account}/";

    public string KeyOf(string account) => _keys.TryGetValue(account, out var key) ? key : DefaultKey;

    /// <summary>A 24-character account name for a new staging storage account (its Azurite account).</summary>
    public string Take()
    {
        lock (_sync) return _free.Count > 0 ? _free.Dequeue().Name : DefaultAccount;
    }

    public void Release(string account)
    {
        lock (_sync)
            if (account != DefaultAccount && _keys.TryGetValue(account, out var key) && _free.All(f => f.Name != account))
                _free.Enqueue((account, key));
    }
}
