using Microsoft.Playwright;

namespace GlobalTables.Api.Tests.WebConsole;

/// <summary>
/// Every region of regions/ on a real in-process host (<see cref="ServerFixture"/>), and a real headless Chromium, Debian's
/// /usr/bin/chromium, driven by Playwright: one browser for a test class, a fresh page for each test.
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ServerFixture Host { get; } = new() { Regions = null };
    IPlaywright? _playwright;
    IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new FileNotFoundException($"The console tests drive Debian's Chromium: apt-get install chromium (.ci/run does)", ChromiumPath);
        // The page updates about once a second; a region's start and a replica's fill take longer on a busy machine.
        Assertions.SetDefaultExpectTimeout(30_000);
        await Host.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Chromium's sandbox refuses to start as root, as CI runs.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    /// <summary>A new page on the console, with the first status shown.</summary>
    public async Task<IPage> OpenConsoleAsync()
    {
        var page = await _browser!.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(new Uri(Host.Server.FrontDoorEndpoint, "/console").ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await Host.DisposeAsync();
    }
}
