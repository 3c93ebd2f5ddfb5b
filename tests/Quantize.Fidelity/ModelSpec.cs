namespace Quantize.Fidelity;

/// <summary>One model of the harness's configuration: its file (relative to the model folder) and how to feed it.</summary>
public sealed record ModelSpec
{
    public required string File { get; init; }

    /// <summary>Values for symbolic dimensions by name (e.g. "height": 320); the leading one is the batch otherwise.</summary>
    public Dictionary<string, int> Dims { get; init; } = [];

    /// <summary>Per input name, how to fill it; inputs not listed get a default from their type and name.</summary>
    public Dictionary<string, InputSpec> Inputs { get; init; } = [];
}
