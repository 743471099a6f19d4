using System.Globalization;
using GlobalTables.Model.Auth;

namespace GlobalTables.Api.Auth;

/// <summary>
/// Temporary credentials for a principal of config/iam.json, as <c>globaltables iam vend</c> prints them:
/// signed with the config's session key, so any server with the same config accepts them until they expire.
/// </summary>
public static class CredentialVending
{
    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromHours(36);

    public static SessionCredentials Vend(IamConfig config, string principalName, TimeSpan duration, DateTimeOffset now)
    {
        if (config.SessionKey is null) throw new InvalidOperationException("config/iam.json has no sessionKey, so session credentials are off");
        if (config.Find(principalName) is null)
            throw new InvalidOperationException($"No principal '{principalName}' in config/iam.json. Principals: {string.Join(", ", config.Principals.Select(p => p.Name))}");
        if (duration < MinimumDuration || duration > MaximumDuration)
            throw new InvalidOperationException($"The duration must be between {MinimumDuration.TotalMinutes:0} minutes and {MaximumDuration.TotalHours:0} hours");
        return SessionToken.Issue(config.SessionKey, principalName, now, duration);
    }

    /// <summary>Parses <c>15m</c>, <c>1h</c>, <c>90s</c>, <c>1h30m</c>, or a number of seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        var total = TimeSpan.Zero;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start || i == text.Length) throw new FormatException($"'{text}' is not a duration such as 15m, 1h or 900s");
            var n = long.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            total += char.ToLowerInvariant(text[i++]) switch
            {
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                's' => TimeSpan.FromSeconds(n),
                _ => throw new FormatException($"'{text}' is not a duration such as 15m, 1h or 900s"),
            };
        }
        return total;
    }
}
