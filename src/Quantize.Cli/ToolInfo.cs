using System.Reflection;

namespace Quantize.Cli;

/// <summary>The tool's name and version as written into the files it produces.</summary>
public static class ToolInfo
{
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Producer => $"quantize {Version}";
}
