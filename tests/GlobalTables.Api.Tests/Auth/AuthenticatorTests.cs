using System.Text;
using GlobalTables.Api.Auth;
using GlobalTables.Model.Auth;
using GlobalTables.Model.Validation;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Tests.Auth;

/// <summary>The authenticator alone, on a fixed clock: the 15-minute window, dev and strict modes, and the shipped config.</summary>
public sealed class AuthenticatorTests
{
    static readonly DateTime SignedAt = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    static readonly Uri Endpoint = new("http://localhost:8001/");
    const string Body = """{"TableName":"Orders","Item":{"pk":{"S":"k"}}}""";

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    static IamConfig Config => IamConfig.Parse(TestIam.Json);

    static RequestAuthenticator Authenticator(AuthMode mode, TimeSpan later, IamConfig? config = null) =>
        new(config ?? Config, mode, new FixedClock(new DateTimeOffset(SignedAt + later)));

    /// <summary>What Kestrel hands the pipeline for a request the test signer built.</summary>
    static HttpRequest Received(TestSigner.Options options, string body = Body)
    {
        using var message = TestSigner.Request(Endpoint, "DynamoDB_20120810.PutItem", body, options);
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = "/";
        http.Request.Headers.Host = $"{Endpoint.Host}:{Endpoint.Port}";
        foreach (var (name, values) in message.Headers) http.Request.Headers[name] = values.ToArray();
        foreach (var (name, values) in message.Content!.Headers) http.Request.Headers[name] = values.ToArray();
        return http.Request;
    }

    static TestSigner.Options As(string principal) => new(TestIam.AccessKeyOf(principal), TestIam.SecretOf(principal)) { SignedAt = SignedAt };

    static ErrorCode Refusal(Action authenticate) => Assert.Throws<DynamoException>(authenticate).Code;

    [Fact]
    public void A_captured_request_verifies_until_15_minutes_pass_then_its_signature_has_expired()
    {
        var request = Received(As("writer"));
        var body = Encoding.UTF8.GetBytes(Body);
        Assert.Equal("writer", Authenticator(AuthMode.Strict, TimeSpan.Zero).Authenticate(request, body).Name);
        Assert.Equal("writer", Authenticator(AuthMode.Strict, TimeSpan.FromMinutes(14)).Authenticate(request, body).Name);
        var e = Assert.Throws<DynamoException>(() => Authenticator(AuthMode.Strict, TimeSpan.FromMinutes(16)).Authenticate(request, body));
        Assert.Equal(ErrorCode.InvalidSignature, e.Code);
        Assert.Equal("Signature expired: 20260101T120000Z is now earlier than 20260101T120100Z (20260101T121600Z - 15 min.)", e.Message);
    }

    [Fact]
    public void One_changed_byte_of_the_body_fails_verification()
    {
        var request = Received(As("writer"));
        var body = Encoding.UTF8.GetBytes(Body.Replace("\"k\"", "\"K\""));
        Assert.Equal(ErrorCode.InvalidSignature, Refusal(() => Authenticator(AuthMode.Strict, TimeSpan.Zero).Authenticate(request, body)));
    }

    [Fact]
    public void Dev_mode_takes_an_unknown_key_as_the_development_principal_but_still_verifies_known_keys()
    {
        var config = IamConfig.Parse(TestIam.Json.Replace("\"sessionKey\"", "\"developmentPrincipal\": \"admin\", \"sessionKey\""));
        var body = Encoding.UTF8.GetBytes(Body);
        var dev = Authenticator(AuthMode.Dev, TimeSpan.Zero, config);
        Assert.Equal("admin", dev.Authenticate(Received(new("AKIDEXAMPLE", "secret") { SignedAt = SignedAt }), body).Name);
        Assert.Equal(ErrorCode.InvalidSignature, Refusal(() => dev.Authenticate(Received(As("reader") with { Secret = "wrong" }), body)));
        Assert.Equal("reader", dev.Authenticate(Received(As("reader")), body).Name);

        var strict = Authenticator(AuthMode.Strict, TimeSpan.Zero, config);
        Assert.Equal(ErrorCode.UnrecognizedClient, Refusal(() => strict.Authenticate(Received(new("AKIDEXAMPLE", "secret") { SignedAt = SignedAt }), body)));
    }

    [Fact]
    public void Dev_mode_without_a_development_principal_refuses_unknown_keys()
    {
        var dev = Authenticator(AuthMode.Dev, TimeSpan.Zero);
        Assert.Equal(ErrorCode.UnrecognizedClient,
            Refusal(() => dev.Authenticate(Received(new("AKIDEXAMPLE", "secret") { SignedAt = SignedAt }), Encoding.UTF8.GetBytes(Body))));
    }

    [Fact]
    public void The_shipped_development_key_is_verified_against_its_secret()
    {
        var config = AccessControl.LoadConfig(ServerFixture.RepositoryRoot);
        var developer = config.DevelopmentPrincipal!;
        var key = developer.AccessKeys[0];
        var dev = Authenticator(AuthMode.Dev, TimeSpan.Zero, config);
        var body = Encoding.UTF8.GetBytes(Body);
        Assert.Same(developer, dev.Authenticate(Received(new(key.AccessKeyId, key.SecretAccessKey) { SignedAt = SignedAt }), body));
        Assert.Equal(ErrorCode.InvalidSignature, Refusal(() => dev.Authenticate(Received(new(key.AccessKeyId, "not-the-secret") { SignedAt = SignedAt }), body)));
    }

    [Theory]
    [InlineData("15m", 15 * 60)]
    [InlineData("1h", 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("900", 900)]
    [InlineData("900s", 900)]
    public void Durations_for_iam_vend(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CredentialVending.ParseDuration(text));

    [Fact]
    public void Vending_refuses_an_unknown_principal_and_a_too_short_duration()
    {
        Assert.Contains("No principal 'carol'", Assert.Throws<InvalidOperationException>(() => CredentialVending.Vend(Config, "carol", TimeSpan.FromHours(1), DateTimeOffset.UtcNow)).Message);
        Assert.Throws<InvalidOperationException>(() => CredentialVending.Vend(Config, "alice", TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow));
    }
}
