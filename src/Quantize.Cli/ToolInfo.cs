using System.Reflection;

namespace Quantize.Cli;

/// <summary>The tool's name and version as written into the files it produces.</summary>
public static class ToolInfo
{
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Producer => $"quantize {Version}";

    /// <summary>The git commit the tool was built from (short hash), or "unknown"; shown by --version, never written into outputs.</summary>
    public static string SourceRevision { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "SourceRevision")?.Value ?? "unknown";

    /// <summary>What --version prints: the version and the commit.</summary>
    public static string VersionLine => $"quantize {Version} (commit {SourceRevision})";
}
