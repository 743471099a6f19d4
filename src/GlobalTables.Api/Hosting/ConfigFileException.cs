namespace GlobalTables.Api.Hosting;

/// <summary>A file of config/ that cannot be used as written: refused at start, before any region opens its data, in one line.</summary>
public sealed class ConfigFileException(string path, string problem) : InvalidOperationException($"{path}: {problem}")
{
    public string Path => path;
}
