using Akka.Configuration;
using GlobalTables.Region.Configuration;
using GlobalTables.Region.Persistence;

namespace GlobalTables.Region.Tests.Configuration;

public sealed class StoreSettingsTests
{
    static Config Store(string hocon) => ConfigurationFactory.ParseString(hocon).GetConfig("globaltables.store");

    [Fact]
    public void The_shipped_config_is_SQLite_with_the_gt_schema_prefix()
    {
        Assert.Equal(new StoreSettings(StoreKind.Sqlite, "", "gt_"), StoreSettings.From(Store(TestRegion.AkkaConfig())));
    }

    [Fact]
    public void Config_names_a_PostgreSQL_store_and_the_command_line_overrides_it()
    {
        var configured = StoreSettings.From(Store("""globaltables.store { kind = PostgreSQL, connection = "Host=db;Database=a", postgres.schema-prefix = "x_" }"""));
        Assert.Equal(new StoreSettings(StoreKind.Postgres, "Host=db;Database=a", "x_"), configured);
        Assert.Equal(new StoreSettings(StoreKind.Postgres, "Host=other;Database=b", "x_"), configured.Override(null, "Host=other;Database=b"));
        Assert.Equal(StoreKind.Sqlite, configured.Override(StoreKind.Sqlite, null).Kind);
        Assert.Equal(StoreKind.Postgres, StoreSettings.Sqlite.Override(StoreKind.Postgres, "Host=db").Kind);
    }

    [Fact]
    public void An_unknown_kind_or_a_PostgreSQL_store_without_a_connection_string_is_refused_with_a_sentence()
    {
        var unknown = Assert.Throws<StoreUnavailableException>(() => StoreSettings.From(Store("globaltables.store.kind = mysql")));
        Assert.Equal("Store \"mysql\" (globaltables.store.kind) is not known: sqlite or postgres.", unknown.Message);
        var missing = Assert.Throws<StoreUnavailableException>(() => StoreSettings.Sqlite.Override(StoreKind.Postgres, null));
        Assert.StartsWith("The postgres store needs a connection string", missing.Message);
    }

    [Theory]
    [InlineData("us-east-1", "gt_us_east_1")]
    [InlineData("ap-southeast-1", "gt_ap_southeast_1")]
    [InlineData("Eu.West\"2", "gt_eu_west_2")]
    public void Each_region_has_a_plain_lower_case_schema(string region, string schema) =>
        Assert.Equal(schema, RegionStore.SchemaOf("gt_", region));
}
