namespace GlobalTables.Api.Tests.Auth;

/// <summary>The principals of the strict-mode tests. Each principal P has the key AKIA{P} and the secret "{P}-secret".</summary>
internal static class TestIam
{
    public static string AccessKeyOf(string principal) => "AKIA" + principal.ToUpperInvariant();
    public static string SecretOf(string principal) => principal + "-secret/EXAMPLE";
    public static string ArnOf(string principal) => $"arn:aws:iam::000000000000:user/{principal}";

    static string Principal(string name, string statements, string attributes = "{}") => $$"""
        {"name": "{{name}}", "arn": "{{ArnOf(name)}}", "attributes": {{attributes}},
         "accessKeys": [{"accessKeyId": "{{AccessKeyOf(name)}}", "secretAccessKey": "{{SecretOf(name)}}"}],
         "policies": [{"Version": "2012-10-17", "Statement": {{statements}}}]}
        """;

    const string PerUser = """
        [{"Sid": "OwnItemsOnly", "Effect": "Allow",
          "Action": ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"],
          "Resource": ["arn:aws:dynamodb:*:*:table/UserData"],
          "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${www.amazon.com:user_id}"]}}},
         {"Effect": "Allow", "Action": "dynamodb:DescribeTable", "Resource": "arn:aws:dynamodb:*:*:table/UserData"}]
        """;

    public static readonly string Json = $$"""
        {
          "sessionKey": "strict-test-session-key",
          "principals": [
            {{Principal("admin", """[{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]""")}},
            {{Principal("reader", """
                [{"Effect": "Allow",
                  "Action": ["dynamodb:Get*", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:Describe*"],
                  "Resource": ["arn:aws:dynamodb:*:*:table/Music", "arn:aws:dynamodb:*:*:table/Music/index/*"]},
                 {"Effect": "Allow", "Action": "dynamodb:ListTables", "Resource": "*"}]
                """)}},
            {{Principal("writer", """
                [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": ["arn:aws:dynamodb:*:*:table/Orders", "arn:aws:dynamodb:*:*:table/Secrets"]},
                 {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:*:*:table/Music"},
                 {"Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "arn:aws:dynamodb:*:*:table/Orders"},
                 {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:*:*:table/Secrets"},
                 {"Effect": "Deny", "Action": "dynamodb:UpdateItem", "Resource": "*",
                  "Condition": {"StringEquals": {"dynamodb:ReturnValues": ["ALL_NEW", "ALL_OLD"]}}}]
                """)}},
            {{Principal("auditor", """
                [{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"], "Resource": "arn:aws:dynamodb:*:*:table/Music",
                  "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["pk", "sk", "title"]},
                                "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}}]
                """)}},
            {{Principal("indexer", """
                [{"Effect": "Allow", "Action": "dynamodb:Query", "Resource": "arn:aws:dynamodb:*:*:table/Indexed/index/ByTitle"}]
                """)}},
            {{Principal("alice", PerUser, """{"www.amazon.com:user_id": "alice"}""")}},
            {{Principal("bob", PerUser, """{"www.amazon.com:user_id": "bob"}""")}}
          ]
        }
        """;
}
