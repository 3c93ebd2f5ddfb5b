namespace Quantize.Fidelity;

/// <summary>
/// How to fill one model input (all optional). Kinds: normal (mean 0, standard deviation <see cref="Scale"/>),
/// uniform ([0, 1) times <see cref="Scale"/>), smooth (image-like: normal on a coarse grid, bilinearly upsampled), zeros, ones, value (every element <see cref="Value"/>), tokens
/// (integers in [0, vocabulary), the vocabulary read from the largest Gather table), mask (ones, the last quarter
/// of each row zero).
/// </summary>
public sealed record InputSpec
{
    public string? Kind { get; init; }

    public double Scale { get; init; } = 1;

    public double Value { get; init; }

    /// <summary>The full shape, for inputs whose declared shape is not enough.</summary>
    public int[]? Shape { get; init; }
}
