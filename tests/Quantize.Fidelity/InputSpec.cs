namespace Quantize.Fidelity;

/// <summary>
/// How to fill one model input (all optional). Kinds: normal (mean 0, standard deviation <see cref="Scale"/>),
/// uniform ([0, 1) times <see cref="Scale"/>), smooth (image-like: normal on a coarse grid, bilinearly upsampled), zeros, ones, value (every element <see cref="Value"/>), tokens
/// (integers in [0, vocabulary), the vocabulary read from the largest Gather table), mask (ones, the last quarter
/// of each row zero), text-page (a light page with lines of dark text, NCHW RGB), text-line (one line of text filling
/// the height, NCHW RGB), speech (16 kHz chunks of sentences spoken by espeak-ng, peak <see cref="Scale"/> up to 1.5×).
/// Text images are pixel / 255 normalised by <see cref="Mean"/> and <see cref="Std"/> per channel.
/// </summary>
public sealed record InputSpec
{
    public string? Kind { get; init; }

    public double Scale { get; init; } = 1;

    public double Value { get; init; }

    /// <summary>Per-channel mean subtracted from text images (pixel / 255); default 0.</summary>
    public double[]? Mean { get; init; }

    /// <summary>Per-channel standard deviation text images are divided by; default 1.</summary>
    public double[]? Std { get; init; }

    /// <summary>For speech: samples each chunk repeats from the end of the one before (a streamed run's chunks overlap by this).</summary>
    public int Context { get; init; }

    /// <summary>The full shape, for inputs whose declared shape is not enough.</summary>
    public int[]? Shape { get; init; }
}
