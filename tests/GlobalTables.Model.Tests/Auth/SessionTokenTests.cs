using GlobalTables.Model.Auth;

namespace GlobalTables.Model.Tests.Auth;

/// <summary>Stateless session tokens: what one key issues, only that key reads, and the secret is not in the token.</summary>
public sealed class SessionTokenTests
{
    static readonly byte[] Key = "test-session-key"u8.ToArray();
    static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_issued_token_reads_back_with_the_same_secret_and_expiry()
    {
        var issued = SessionToken.Issue(Key, "alice", Now, TimeSpan.FromMinutes(15));
        Assert.StartsWith("ASIA", issued.AccessKeyId);
        Assert.Equal(Now.AddMinutes(15), issued.Expiration);
        Assert.True(SessionToken.TryRead(Key, issued.SessionToken, out var read));
        Assert.Equal(("alice", issued.AccessKeyId, issued.SecretAccessKey, issued.Expiration),
            (read.PrincipalName, read.AccessKeyId, read.SecretAccessKey, read.Expiration));
        Assert.DoesNotContain(issued.SecretAccessKey, issued.SessionToken);
    }

    [Fact]
    public void Another_key_a_flipped_character_or_a_truncation_is_refused()
    {
        var token = SessionToken.Issue(Key, "alice", Now, TimeSpan.FromMinutes(15)).SessionToken;
        Assert.False(SessionToken.TryRead("other-key"u8.ToArray(), token, out _));
        var flipped = (token[5] == 'A' ? "B" : "A") is var c ? token[..5] + c + token[6..] : token;
        Assert.False(SessionToken.TryRead(Key, flipped, out _));
        Assert.False(SessionToken.TryRead(Key, token[..^4], out _));
        Assert.False(SessionToken.TryRead(Key, "not a token!", out _));
        Assert.False(SessionToken.TryRead(Key, "", out _));
    }

    [Fact]
    public void Two_issues_give_different_keys_and_secrets()
    {
        var a = SessionToken.Issue(Key, "alice", Now, TimeSpan.FromMinutes(15));
        var b = SessionToken.Issue(Key, "alice", Now, TimeSpan.FromMinutes(15));
        Assert.NotEqual(a.AccessKeyId, b.AccessKeyId);
        Assert.NotEqual(a.SecretAccessKey, b.SecretAccessKey);
    }
}
