using System.Globalization;
using System.Security.Cryptography;
using GlobalTables.Model.Auth;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Auth;

/// <summary>
/// SigV4 verification of a request as received: finds the principal of the access key (long-term, or
/// temporary with its session token), checks the timestamp is within 15 minutes, and compares the
/// signature over the canonical request with the one the client sent.
/// </summary>
public sealed class RequestAuthenticator(IamConfig config, AuthMode mode, TimeProvider? clock = null)
{
    const string Service = "dynamodb";
    const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";
    static readonly TimeSpan Skew = TimeSpan.FromMinutes(15);

    readonly SigningKeyCache _keys = new();
    readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public IamConfig Config => config;
    public AuthMode Mode => mode;

    /// <summary>The principal the request authenticates as; throws DynamoDB's errors otherwise.</summary>
    public IamPrincipal Authenticate(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0) throw AuthErrors.MissingToken();
        var auth = SigV4Authorization.Parse(header);

        IamPrincipal? principal = null;
        string? secret = null;
        var token = request.Headers["X-Amz-Security-Token"].ToString();
        if (token.Length > 0) (principal, secret) = FromSessionToken(auth, token);
        else if (config.TryFindAccessKey(auth.AccessKeyId, out var owner, out var key)) (principal, secret) = (owner, key.SecretAccessKey);

        if (principal is null)
        {
            // Like DynamoDB Local, dev mode takes any key it cannot check as the development principal.
            if (mode == AuthMode.Dev && config.DevelopmentPrincipal is { } developer) return developer;
            throw AuthErrors.UnrecognizedClient();
        }
        Verify(request, body, header, auth, secret!);
        return principal;
    }

    (IamPrincipal?, string?) FromSessionToken(SigV4Authorization auth, string token)
    {
        if (config.SessionKey is not { } sessionKey || !SessionToken.TryRead(sessionKey, token, out var session))
            return (null, null);
        if (!string.Equals(session.AccessKeyId, auth.AccessKeyId, StringComparison.Ordinal)) throw AuthErrors.UnrecognizedClient();
        if (_clock.GetUtcNow() >= session.Expiration) throw AuthErrors.ExpiredToken();
        var principal = config.Find(session.PrincipalName) ?? throw AuthErrors.UnrecognizedClient();
        return (principal, session.SecretAccessKey);
    }

    void Verify(HttpRequest request, ReadOnlySpan<byte> body, string header, SigV4Authorization auth, string secret)
    {
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        DateTime signedAt;
        if (amzDate.Length > 0)
        {
            if (!DateTime.TryParseExact(amzDate, DateFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out signedAt))
                throw AuthErrors.Incomplete($"Date must be in ISO-8601 'basic format'. Got '{amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        else if (DateTime.TryParse(request.Headers.Date.ToString(), CultureInfo.InvariantCulture,
                     DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out signedAt))
            amzDate = signedAt.ToString(DateFormat, CultureInfo.InvariantCulture);
        else
            throw AuthErrors.Incomplete($"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={header}");

        if (!amzDate.AsSpan(0, 8).SequenceEqual(auth.Date))
            throw AuthErrors.InvalidSignature(
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{auth.Date}' != '{amzDate[..8]}', from '{amzDate}'.");
        if (auth.Service != Service) throw AuthErrors.InvalidSignature($"Credential should be scoped to correct service: '{Service}'. ");
        if (auth.Terminator != "aws4_request")
            throw AuthErrors.InvalidSignature($"Credential should be scoped with a valid terminator: 'aws4_request', not '{auth.Terminator}'. ");
        if (!SignsHost(auth.SignedHeaders)) throw AuthErrors.InvalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

        var now = _clock.GetUtcNow().UtcDateTime;
        if (signedAt < now - Skew)
            throw AuthErrors.InvalidSignature(
                $"Signature expired: {amzDate} is now earlier than {Format(now - Skew)} ({Format(now)} - 15 min.)");
        if (signedAt > now + Skew)
            throw AuthErrors.InvalidSignature(
                $"Signature not yet current: {amzDate} is still later than {Format(now + Skew)} ({Format(now)} + 15 min.)");

        var signingKey = _keys.Get(secret, auth.Date, auth.Region, auth.Service);
        var canonical = SigV4Signature.CanonicalRequest(request, auth.SignedHeaders, SigV4Signature.PayloadHash(body));
        Span<byte> expected = stackalloc byte[32];
        SigV4Signature.Sign(signingKey, SigV4Signature.StringToSign(amzDate, auth.Scope, canonical), expected);
        Span<byte> provided = stackalloc byte[32];
        if (auth.Signature.Length != 64 ||
            Convert.FromHexString(auth.Signature, provided, out _, out int written) != System.Buffers.OperationStatus.Done || written != 32 ||
            !CryptographicOperations.FixedTimeEquals(expected, provided))
            throw AuthErrors.InvalidSignature();
    }

    static bool SignsHost(string signedHeaders)
    {
        foreach (var range in signedHeaders.AsSpan().Split(';'))
            if (signedHeaders.AsSpan()[range] is "host" or ":authority") return true;
        return false;
    }

    static string Format(DateTime time) => time.ToString(DateFormat, CultureInfo.InvariantCulture);
}
