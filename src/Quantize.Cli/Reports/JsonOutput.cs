using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quantize.Cli.Reports;

/// <summary>The one JSON style of every --json output and report file: snake_case, indented, nulls kept.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write<T>(TextWriter writer, T value) => writer.WriteLine(JsonSerializer.Serialize(value, Options));
}
