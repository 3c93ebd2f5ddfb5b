using System.Text.Json;

namespace Quantize.Fidelity;

/// <summary>The harness's configuration file (samples/real-models/models.json): batch size, seed, models.</summary>
public sealed record HarnessConfig
{
    public int Batch { get; init; } = 2;

    public int Seed { get; init; } = 7;

    /// <summary>The size given to symbolic dimensions that are neither the batch nor named in a model's dims.</summary>
    public int OtherDims { get; init; } = 32;

    public List<ModelSpec> Models { get; init; } = [];

    public static HarnessConfig Load(string path) =>
        JsonSerializer.Deserialize<HarnessConfig>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
        ?? throw new InvalidDataException($"{path}: empty configuration");
}
