using GlobalTables.Api.Auth;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Tests.Auth;

/// <summary>The SigV4 Authorization header, read in place: its values, and DynamoDB's messages for what is wrong with it.</summary>
public sealed class SigV4AuthorizationTests
{
    const string Credential = "AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request";
    const string Signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

    static DynamoException Refused(string header)
    {
        var e = Assert.Throws<DynamoException>(() => SigV4Authorization.Parse(header));
        Assert.Equal(ErrorCode.IncompleteSignature, e.Code);
        return e;
    }

    [Theory]
    [InlineData($"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=host;x-amz-date, Signature={Signature}")]
    [InlineData($"AWS4-HMAC-SHA256 Signature={Signature},SignedHeaders=host;x-amz-date,,  Credential={Credential} ")]
    [InlineData($"  AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=host;x-amz-date, Signature={Signature}")]
    public void Every_value_is_read_whatever_the_order_and_spacing(string header)
    {
        var auth = SigV4Authorization.Parse(header);
        Assert.Equal(("AKIDEXAMPLE", "20260101", "us-east-1", "dynamodb", "aws4_request"),
            (auth.AccessKeyId, auth.Date, auth.Region, auth.Service, auth.Terminator));
        Assert.Equal("host;x-amz-date", auth.SignedHeaders);
        Assert.Equal(Signature, auth.Signature);
        Assert.Equal("20260101/us-east-1/dynamodb/aws4_request", auth.Scope);
    }

    [Fact]
    public void A_missing_parameter_is_named_with_the_header()
    {
        var header = $"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders=host";
        Assert.Equal($"Authorization header requires 'Signature' parameter. Authorization={header}", Refused(header).Message);
    }

    [Fact]
    public void A_part_without_an_equal_sign_is_refused()
    {
        var header = $"AWS4-HMAC-SHA256 Credential={Credential}, SignedHeaders, Signature={Signature}";
        Assert.Equal($"'SignedHeaders' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.", Refused(header).Message);
    }

    [Theory]
    [InlineData("AKIDEXAMPLE/20260101/us-east-1/dynamodb")]
    [InlineData("AKIDEXAMPLE//us-east-1/dynamodb/aws4_request")]
    [InlineData("AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request/extra")]
    [InlineData("AKIDEXAMPLE/20260101/us-east-1/dynamodb/")]
    public void A_credential_needs_exactly_five_elements(string credential)
    {
        var header = $"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature={Signature}";
        Assert.Equal($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'",
            Refused(header).Message);
    }

    [Fact]
    public void Another_algorithm_is_refused()
    {
        var header = $"AWS4-HMAC-SHA512 Credential={Credential}, SignedHeaders=host, Signature={Signature}";
        Assert.Equal($"Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'. Authorization={header}", Refused(header).Message);
    }
}
