using System.Text.Json;

namespace Quantize.Cli.Pruning;

/// <summary>Reads <c>SERIES=FILE</c> arguments, each FILE a <c>prune --json</c> report, into curve points.</summary>
public static class PruneCurveReports
{
    public static IReadOnlyList<PruneCurvePoint> Read(IEnumerable<string> arguments) => arguments.Select(ReadOne).ToList();

    static PruneCurvePoint ReadOne(string argument)
    {
        int at = argument.IndexOf('=');
        if (at <= 0 || at == argument.Length - 1)
            throw new UserInputException($"'{argument}' is not SERIES=FILE (e.g. gradual=out/gradual-0.1.json)");
        string series = argument[..at], path = argument[(at + 1)..];
        try
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = json.RootElement;
            JsonElement retrained = root.GetProperty("accuracy_retrained");
            double accuracy = retrained.ValueKind == JsonValueKind.Number ? retrained.GetDouble() : root.GetProperty("accuracy_pruned").GetDouble();
            return new PruneCurvePoint(series, root.GetProperty("kept_fraction").GetDouble(), accuracy, root.GetProperty("accuracy_before").GetDouble());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new UserInputException($"{path} is not a report of 'quantize prune --json': {e.Message}");
        }
    }
}
