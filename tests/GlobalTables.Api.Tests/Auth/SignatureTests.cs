using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using GlobalTables.Api.Auth;
using GlobalTables.Model.Auth;

namespace GlobalTables.Api.Tests.Auth;

/// <summary>
/// SigV4 verification on a strict host: forged, expired, tampered and unsigned requests are refused with
/// DynamoDB's errors, and none of their writes lands. Session credentials from <c>iam vend</c> work until they expire.
/// </summary>
[Collection(StrictAuthCollection.Name)]
public sealed class SignatureTests(StrictAuthHost host)
{
    const string Put = "DynamoDB_20120810.PutItem";
    const string Mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static readonly HttpClient Http = new();

    static string PutBody(string pk, string value = "1") =>
        """{"TableName":"Orders","Item":{"pk":{"S":"PK"},"sk":{"S":"s"},"v":{"N":"VALUE"}}}""".Replace("PK", pk).Replace("VALUE", value);

    async Task<(HttpStatusCode Status, string Type, string Message)> SendAsync(HttpRequestMessage request)
    {
        using var _ = request;
        var response = await Http.SendAsync(request);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        var type = root.TryGetProperty("__type", out var t) ? t.GetString()! : "";
        var message = root.TryGetProperty("Message", out var m) ? m.GetString()! : root.TryGetProperty("message", out m) ? m.GetString()! : "";
        return (response.StatusCode, type, message);
    }

    TestSigner.Options Admin => new(TestIam.AccessKeyOf("admin"), TestIam.SecretOf("admin"));

    [Fact]
    public async Task A_correctly_signed_raw_request_is_served()
    {
        var pk = "raw-" + Guid.NewGuid();
        var reply = await SendAsync(TestSigner.Request(host.Endpoint, Put, PutBody(pk), Admin));
        Assert.Equal((HttpStatusCode.OK, ""), (reply.Status, reply.Type));
        Assert.NotNull(await host.ReadAsync("Orders", pk, "s"));
    }

    [Fact]
    public async Task A_signature_made_with_the_wrong_secret_is_InvalidSignature_and_writes_nothing()
    {
        var pk = "forged-" + Guid.NewGuid();
        var reply = await SendAsync(TestSigner.Request(host.Endpoint, Put, PutBody(pk), Admin with { Secret = "guessed" }));
        Assert.Equal((HttpStatusCode.BadRequest, "com.amazon.coral.service#InvalidSignatureException", Mismatch), reply);
        Assert.Null(await host.ReadAsync("Orders", pk, "s"));
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_InvalidSignature_and_writes_nothing()
    {
        var pk = "tampered-" + Guid.NewGuid();
        var reply = await SendAsync(TestSigner.Request(host.Endpoint, Put, PutBody(pk, "2"), Admin with { SignedBody = PutBody(pk, "1") }));
        Assert.Equal(("com.amazon.coral.service#InvalidSignatureException", Mismatch), (reply.Type, reply.Message));
        Assert.Null(await host.ReadAsync("Orders", pk, "s"));
    }

    [Fact]
    public async Task A_target_changed_after_signing_is_InvalidSignature()
    {
        await host.Client("admin").PutItemAsync("Orders", new() { ["pk"] = new("keep"), ["sk"] = new("s") });
        var body = """{"TableName":"Orders","Key":{"pk":{"S":"keep"},"sk":{"S":"s"}}}""";
        var reply = await SendAsync(TestSigner.Request(host.Endpoint, "DynamoDB_20120810.DeleteItem", body, Admin with { SignedTarget = "DynamoDB_20120810.GetItem" }));
        Assert.Equal(("com.amazon.coral.service#InvalidSignatureException", Mismatch), (reply.Type, reply.Message));
        Assert.NotNull(await host.ReadAsync("Orders", "keep", "s"));
    }

    [Fact]
    public async Task A_request_replayed_after_15_minutes_has_an_expired_signature_and_writes_nothing()
    {
        var pk = "replayed-" + Guid.NewGuid();
        var reply = await SendAsync(TestSigner.Request(host.Endpoint, Put, PutBody(pk), Admin with { SignedAt = DateTime.UtcNow.AddMinutes(-16) }));
        Assert.Equal("com.amazon.coral.service#InvalidSignatureException", reply.Type);
        Assert.Matches(@"^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$", reply.Message);
        Assert.Null(await host.ReadAsync("Orders", pk, "s"));
    }

    [Fact]
    public async Task A_request_signed_in_the_future_is_not_yet_current()
    {
        var reply = await SendAsync(TestSigner.Request(host.Endpoint, Put, PutBody("future"), Admin with { SignedAt = DateTime.UtcNow.AddMinutes(20) }));
        Assert.Equal("com.amazon.coral.service#InvalidSignatureException", reply.Type);
        Assert.Matches(@"^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$", reply.Message);
    }

    [Fact]
    public async Task An_unknown_access_key_is_UnrecognizedClient_in_strict_mode()
    {
        var pk = "unknown-" + Guid.NewGuid();
        var reply = await SendAsync(TestSigner.Request(host.Endpoint, Put, PutBody(pk), new("AKIDEXAMPLE", "secret")));
        Assert.Equal(("com.amazon.coral.service#UnrecognizedClientException", "The security token included in the request is invalid."), (reply.Type, reply.Message));
        Assert.Null(await host.ReadAsync("Orders", pk, "s"));

        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => host.Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret")).ListTablesAsync());
        Assert.Equal("UnrecognizedClientException", e.ErrorCode);
    }

    [Fact]
    public async Task A_request_without_Authorization_is_MissingAuthenticationToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Endpoint) { Content = new StringContent(PutBody("anonymous")) };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", Put);
        var reply = await SendAsync(request);
        Assert.Equal((HttpStatusCode.BadRequest, "com.amazon.coral.service#MissingAuthenticationTokenException", "Request is missing Authentication Token"), reply);
        Assert.Null(await host.ReadAsync("Orders", "anonymous", "s"));
    }

    [Fact]
    public async Task An_Authorization_header_without_a_signature_is_IncompleteSignature()
    {
        using var request = TestSigner.Request(host.Endpoint, Put, PutBody("incomplete"), Admin);
        var header = request.Headers.GetValues("Authorization").Single();
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", header[..header.IndexOf(", Signature=", StringComparison.Ordinal)]);
        var reply = await SendAsync(request);
        Assert.Equal("com.amazon.coral.service#IncompleteSignatureException", reply.Type);
        Assert.StartsWith("Authorization header requires 'Signature' parameter.", reply.Message);
    }

    [Fact]
    public async Task The_front_door_verifies_signatures_too()
    {
        var pk = "door-" + Guid.NewGuid();
        var forged = await SendAsync(TestSigner.Request(host.Server.FrontDoorEndpoint, Put, PutBody(pk), Admin with { Secret = "guessed" }));
        Assert.Equal(("com.amazon.coral.service#InvalidSignatureException", Mismatch), (forged.Type, forged.Message));
        Assert.Null(await host.ReadAsync("Orders", pk, "s"));
        var signed = await SendAsync(TestSigner.Request(host.Server.FrontDoorEndpoint, Put, PutBody(pk), Admin));
        Assert.Equal(HttpStatusCode.OK, signed.Status);
        Assert.NotNull(await host.ReadAsync("Orders", pk, "s"));
    }

    [Fact]
    public async Task Vended_session_credentials_carry_the_principals_policies()
    {
        var config = AccessControl.LoadConfig(host.ConfigRoot);
        var vended = CredentialVending.Vend(config, "alice", CredentialVending.ParseDuration("15m"), DateTimeOffset.UtcNow);
        var alice = host.Client(new SessionAWSCredentials(vended.AccessKeyId, vended.SecretAccessKey, vended.SessionToken));
        var sk = "session-" + Guid.NewGuid();
        await alice.PutItemAsync("UserData", new() { ["pk"] = new("alice"), ["sk"] = new(sk) });
        Assert.NotNull(await host.ReadAsync("UserData", "alice", sk));
        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => alice.PutItemAsync("UserData", new() { ["pk"] = new("bob"), ["sk"] = new(sk) }));
        Assert.Equal("AccessDeniedException", e.ErrorCode);
        Assert.Null(await host.ReadAsync("UserData", "bob", sk));
    }

    [Fact]
    public async Task Expired_session_credentials_are_ExpiredToken()
    {
        var config = AccessControl.LoadConfig(host.ConfigRoot);
        var vended = SessionToken.Issue(config.SessionKey!, "admin", DateTimeOffset.UtcNow.AddHours(-1), TimeSpan.FromMinutes(15));
        var client = host.Client(new SessionAWSCredentials(vended.AccessKeyId, vended.SecretAccessKey, vended.SessionToken));
        var sk = "expired-" + Guid.NewGuid();
        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.PutItemAsync("Orders", new() { ["pk"] = new("x"), ["sk"] = new(sk) }));
        Assert.Equal(("ExpiredTokenException", "The security token included in the request is expired"), (e.ErrorCode, e.Message));
        Assert.Null(await host.ReadAsync("Orders", "x", sk));
    }

    [Fact]
    public async Task A_forged_or_mismatched_session_token_is_UnrecognizedClient()
    {
        var config = AccessControl.LoadConfig(host.ConfigRoot);
        var mine = SessionToken.Issue("another-server-key"u8.ToArray(), "admin", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15));
        var forged = host.Client(new SessionAWSCredentials(mine.AccessKeyId, mine.SecretAccessKey, mine.SessionToken));
        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => forged.ListTablesAsync());
        Assert.Equal("UnrecognizedClientException", e.ErrorCode);

        var real = SessionToken.Issue(config.SessionKey!, "admin", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15));
        var other = SessionToken.Issue(config.SessionKey!, "reader", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(15));
        var swapped = host.Client(new SessionAWSCredentials(other.AccessKeyId, other.SecretAccessKey, real.SessionToken));
        e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => swapped.ListTablesAsync());
        Assert.Equal("UnrecognizedClientException", e.ErrorCode);

        var wrongSecret = host.Client(new SessionAWSCredentials(real.AccessKeyId, other.SecretAccessKey, real.SessionToken));
        e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => wrongSecret.ListTablesAsync());
        Assert.Equal("InvalidSignatureException", e.ErrorCode);
    }
}
