using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace GlobalTables.Api.Auth;

/// <summary>
/// SigV4 signing keys, derived once per (secret, date, region, service): four chained HMACs that would
/// otherwise run on every request. Bounded: it is cleared when it grows past its limit.
/// </summary>
public sealed class SigningKeyCache(int limit = 4096)
{
    readonly ConcurrentDictionary<(string Secret, string Date, string Region, string Service), byte[]> _keys = new();

    public byte[] Get(string secret, string date, string region, string service)
    {
        if (_keys.TryGetValue((secret, date, region, service), out var key)) return key;
        if (_keys.Count >= limit) _keys.Clear();
        key = Derive(secret, date, region, service);
        _keys[(secret, date, region, service)] = key;
        return key;
    }

    public static byte[] Derive(string secret, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }
}
