using GlobalTables.Model.Auth;

namespace GlobalTables.Model.Tests.Auth;

/// <summary>IAM's evaluation of identity-based policies, without a server: effects, wildcards, resources and conditions.</summary>
public sealed class PolicyEvaluatorTests
{
    const string Music = "arn:aws:dynamodb:us-east-1:000000000000:table/Music";

    static IamPrincipal Principal(string statements, string attributes = "{}") =>
        IamConfig.Parse($$"""
            {"principals": [{"name": "p", "arn": "arn:aws:iam::000000000000:user/p", "attributes": {{attributes}},
              "policies": [{"Version": "2012-10-17", "Statement": {{statements}}}]}]}
            """).Principals[0];

    static AuthorizationDecision Decide(IamPrincipal p, string action, string resource, Action<ConditionContext>? keys = null)
    {
        var context = new ConditionContext(p.Keys);
        keys?.Invoke(context);
        return p.Evaluate(new AuthorizationRequest(action, resource, context));
    }

    [Fact]
    public void Nothing_is_allowed_without_a_statement_that_allows_it()
    {
        var p = Principal("""[{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]""");
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:GetItem", Music));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:PutItem", Music));
    }

    [Theory]
    [InlineData("""[{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]""", true)]
    [InlineData("""[{"Effect": "Allow", "Action": ["dynamodb:GetItem", "*"], "Resource": ["arn:aws:dynamodb:*", "*"]}]""", true)]
    [InlineData("""[{"Effect": "Allow", "Action": "DynamoDB:*", "Resource": "*"}]""", true)]
    [InlineData("""[{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}, {"Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "*"}]""", false)]
    [InlineData("""[{"Effect": "Allow", "Action": "dynamodb:Get*", "Resource": "*"}]""", false)]
    [InlineData("""[{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:*"}]""", false)]
    [InlineData("""[{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "${aws:username}"}]""", false)]
    [InlineData("""[{"Effect": "Allow", "NotAction": "dynamodb:*", "Resource": "*"}]""", false)]
    [InlineData("""[{"Effect": "Allow", "Action": "dynamodb:*", "NotResource": "*"}]""", false)]
    [InlineData("""[{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}]""", false)]
    public void A_principal_allows_all_of_DynamoDB_only_with_an_unconditional_allow_of_everything_and_no_deny(string statements, bool allowsAll)
    {
        var p = Principal(statements);
        Assert.Equal(allowsAll, p.AllowsAllOfDynamoDb);
        // What the short cut skips would have allowed every request.
        if (allowsAll)
            foreach (var action in new[] { "dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:CreateTableReplica" })
                Assert.Equal(AuthorizationDecision.Allow, Decide(p, action, Music));
    }

    [Fact]
    public void An_explicit_deny_wins_over_any_allow_in_any_order()
    {
        var p = Principal("""
            [{"Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "*"},
             {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]
            """);
        Assert.Equal(AuthorizationDecision.ExplicitDeny, Decide(p, "dynamodb:DeleteItem", Music));
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:PutItem", Music));
    }

    [Theory]
    [InlineData("dynamodb:Get*", "dynamodb:GetItem", true)]
    [InlineData("dynamodb:Get*", "dynamodb:PutItem", false)]
    [InlineData("dynamodb:get*", "dynamodb:GetItem", true)]
    [InlineData("dynamodb:*Item", "dynamodb:BatchGetItem", true)]
    [InlineData("dynamodb:?etItem", "dynamodb:GetItem", true)]
    [InlineData("*", "dynamodb:Scan", true)]
    [InlineData("s3:*", "dynamodb:Scan", false)]
    public void Actions_match_with_wildcards_and_ignore_case(string pattern, string action, bool allowed)
    {
        var p = Principal($$"""[{"Effect": "Allow", "Action": ["{{pattern}}"], "Resource": "*"}]""");
        Assert.Equal(allowed ? AuthorizationDecision.Allow : AuthorizationDecision.ImplicitDeny, Decide(p, action, Music));
    }

    [Theory]
    [InlineData("arn:aws:dynamodb:us-east-1:000000000000:table/Music", Music, true)]
    [InlineData("arn:aws:dynamodb:*:*:table/Music", Music, true)]
    [InlineData("arn:aws:dynamodb:eu-west-2:*:table/Music", Music, false)]
    [InlineData("arn:aws:dynamodb:*:*:table/Mus*", Music, true)]
    [InlineData("arn:aws:dynamodb:*:*:table/music", Music, false)]
    [InlineData("arn:aws:dynamodb:*:*:table/Music", Music + "/index/ByYear", false)]
    [InlineData("arn:aws:dynamodb:*:*:table/Music/index/*", Music + "/index/ByYear", true)]
    [InlineData("arn:aws:dynamodb:*:*:table/Music/stream/*", Music + "/stream/2026-01-01T00:00:00.000", true)]
    public void Resources_match_table_index_and_stream_ARNs_with_wildcards(string pattern, string resource, bool allowed)
    {
        var p = Principal($$"""[{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "{{pattern}}"}]""");
        Assert.Equal(allowed ? AuthorizationDecision.Allow : AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:Query", resource));
    }

    [Fact]
    public void NotAction_and_NotResource_invert_the_match()
    {
        var p = Principal("""
            [{"Effect": "Allow", "NotAction": "dynamodb:Delete*", "Resource": "*"},
             {"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:dynamodb:*:*:table/Music"}]
            """);
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:PutItem", Music));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:DeleteItem", Music));
        Assert.Equal(AuthorizationDecision.ExplicitDeny, Decide(p, "dynamodb:PutItem", Music.Replace("Music", "Other")));
    }

    const string PerUser = """
        [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
          "Resource": "arn:aws:dynamodb:*:*:table/UserData",
          "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${www.amazon.com:user_id}"]}}}]
        """;

    [Fact]
    public void LeadingKeys_with_a_policy_variable_limits_a_user_to_their_own_partition()
    {
        var p = Principal(PerUser, """{"www.amazon.com:user_id": "alice"}""");
        var table = "arn:aws:dynamodb:us-east-1:000000000000:table/UserData";
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:GetItem", table, c => c.Set("dynamodb:LeadingKeys", "alice")));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:GetItem", table, c => c.Set("dynamodb:LeadingKeys", "bob")));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:GetItem", table, c => c.Set("dynamodb:LeadingKeys", ["alice", "bob"])));
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:GetItem", table, c => c.Set("dynamodb:LeadingKeys", ["alice", "alice"])));
    }

    [Fact]
    public void A_missing_policy_variable_matches_nothing()
    {
        var p = Principal(PerUser);
        var table = "arn:aws:dynamodb:us-east-1:000000000000:table/UserData";
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:GetItem", table, c => c.Set("dynamodb:LeadingKeys", "alice")));
    }

    [Fact]
    public void ForAllValues_holds_for_an_absent_key_and_ForAnyValue_does_not()
    {
        var all = Principal("""[{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["pk", "title"]}}}]""");
        var any = Principal("""[{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"dynamodb:Attributes": ["pk", "title"]}}}]""");
        Assert.Equal(AuthorizationDecision.Allow, Decide(all, "dynamodb:Scan", Music));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(any, "dynamodb:Scan", Music));
        Assert.Equal(AuthorizationDecision.Allow, Decide(all, "dynamodb:Scan", Music, c => c.Set("dynamodb:Attributes", ["pk", "title"])));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(all, "dynamodb:Scan", Music, c => c.Set("dynamodb:Attributes", ["pk", "secret"])));
        Assert.Equal(AuthorizationDecision.Allow, Decide(any, "dynamodb:Scan", Music, c => c.Set("dynamodb:Attributes", ["pk", "secret"])));
    }

    [Fact]
    public void Select_and_ReturnValues_conditions_with_IfExists()
    {
        var p = Principal("""
            [{"Effect": "Allow", "Action": "dynamodb:Query", "Resource": "*", "Condition": {"StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}},
             {"Effect": "Allow", "Action": "dynamodb:UpdateItem", "Resource": "*", "Condition": {"StringEquals": {"dynamodb:ReturnValues": ["NONE", "UPDATED_OLD"]}}}]
            """);
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:Query", Music));
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:Query", Music, c => c.Set("dynamodb:Select", "SPECIFIC_ATTRIBUTES")));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:Query", Music, c => c.Set("dynamodb:Select", "ALL_ATTRIBUTES")));
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:UpdateItem", Music, c => c.Set("dynamodb:ReturnValues", "UPDATED_OLD")));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:UpdateItem", Music, c => c.Set("dynamodb:ReturnValues", "ALL_NEW")));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:UpdateItem", Music));
    }

    [Fact]
    public void Negated_operators_hold_for_absent_keys_and_Null_tests_presence()
    {
        var p = Principal("""
            [{"Effect": "Allow", "Action": "*", "Resource": "*"},
             {"Effect": "Deny", "Action": "dynamodb:PutItem", "Resource": "*", "Condition": {"StringNotEquals": {"dynamodb:ReturnValues": "NONE"}}},
             {"Effect": "Deny", "Action": "dynamodb:Scan", "Resource": "*", "Condition": {"Null": {"dynamodb:Attributes": "true"}}}]
            """);
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:PutItem", Music, c => c.Set("dynamodb:ReturnValues", "NONE")));
        Assert.Equal(AuthorizationDecision.ExplicitDeny, Decide(p, "dynamodb:PutItem", Music, c => c.Set("dynamodb:ReturnValues", "ALL_OLD")));
        Assert.Equal(AuthorizationDecision.ExplicitDeny, Decide(p, "dynamodb:Scan", Music));
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:Scan", Music, c => c.Set("dynamodb:Attributes", "pk")));
    }

    [Fact]
    public void StringLike_and_aws_username_variables_in_resources()
    {
        var p = Principal("""
            [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:dynamodb:*:*:table/${aws:username}-*"},
             {"Effect": "Allow", "Action": "dynamodb:Scan", "Resource": "*", "Condition": {"StringLike": {"aws:RequestedRegion": "eu-*"}}}]
            """);
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:000000000000:table/p-notes"));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:000000000000:table/q-notes"));
        Assert.Equal(AuthorizationDecision.Allow, Decide(p, "dynamodb:Scan", Music, c => c.Set("aws:RequestedRegion", "eu-west-2")));
        Assert.Equal(AuthorizationDecision.ImplicitDeny, Decide(p, "dynamodb:Scan", Music, c => c.Set("aws:RequestedRegion", "us-east-1")));
    }

    [Fact]
    public void The_denial_messages_are_DynamoDBs()
    {
        var request = new AuthorizationRequest("dynamodb:PutItem", Music, ConditionContext.Empty);
        Assert.Equal(
            "User: arn:aws:iam::000000000000:user/p is not authorized to perform: dynamodb:PutItem on resource: " + Music +
            " because no identity-based policy allows the dynamodb:PutItem action",
            AccessDenied.For("arn:aws:iam::000000000000:user/p", request, AuthorizationDecision.ImplicitDeny).Message);
        Assert.Equal(
            "User: arn:aws:iam::000000000000:user/p is not authorized to perform: dynamodb:PutItem on resource: " + Music +
            " with an explicit deny in an identity-based policy",
            AccessDenied.For("arn:aws:iam::000000000000:user/p", request, AuthorizationDecision.ExplicitDeny).Message);
    }
}
