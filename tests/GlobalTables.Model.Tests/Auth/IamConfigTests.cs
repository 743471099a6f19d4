using GlobalTables.Model.Auth;

namespace GlobalTables.Model.Tests.Auth;

/// <summary>config/iam.json is checked once at start-up; a mistake stops the server with a message rather than a wrong decision later.</summary>
public sealed class IamConfigTests
{
    [Fact]
    public void The_shipped_config_has_a_full_access_development_principal()
    {
        var root = FindRoot();
        var config = IamConfig.Parse(File.ReadAllText(Path.Combine(root, "config", "iam.json")));
        var developer = Assert.IsType<IamPrincipal>(config.DevelopmentPrincipal);
        Assert.True(config.TryFindAccessKey(developer.AccessKeys[0].AccessKeyId, out var found, out _));
        Assert.Same(developer, found);
        Assert.Equal(AuthorizationDecision.Allow, developer.Evaluate(new AuthorizationRequest("dynamodb:DeleteTable",
            "arn:aws:dynamodb:us-east-1:000000000000:table/Anything", new ConditionContext(developer.Keys))));
        Assert.NotNull(config.SessionKey);
    }

    [Theory]
    [InlineData("""{"principals": [{"name": "a", "policies": [{"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}]}]}""", "Effect must be Allow or Deny")]
    [InlineData("""{"principals": [{"name": "a", "policies": [{"Statement": [{"Effect": "Allow", "Resource": "*"}]}]}]}""", "needs an Action")]
    [InlineData("""{"principals": [{"name": "a", "policies": [{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringSortOf": {"k": "v"}}}]}]}]}""", "Unsupported condition operator")]
    [InlineData("""{"principals": [{"name": "a", "policies": [{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}]}]}""", "no Principal")]
    [InlineData("""{"principals": [{"name": "a", "accessKeys": [{"accessKeyId": "K", "secretAccessKey": "s"}]}, {"name": "b", "accessKeys": [{"accessKeyId": "K", "secretAccessKey": "t"}]}]}""", "more than one principal")]
    [InlineData("""{"principals": [{"name": "a"}, {"name": "a"}]}""", "Two principals")]
    [InlineData("""{"developmentPrincipal": "ghost", "principals": []}""", "not a principal")]
    public void Mistakes_are_reported_at_load(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => IamConfig.Parse(json));
        Assert.Contains(message, e.Message);
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GlobalTables.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("GlobalTables.sln");
    }
}
