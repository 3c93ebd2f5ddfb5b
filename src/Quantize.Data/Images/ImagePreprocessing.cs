using System.Globalization;

namespace Quantize.Data.Images;

/// <summary>
/// What a torchvision user writes as <c>Resize((H, W))</c>, <c>ToTensor()</c> and <c>Normalize(mean, std)</c>, plus the
/// channel order: <c>--image-size H[,W]</c>, <c>--mean a,b,c</c>, <c>--std a,b,c</c>, <c>--channels rgb|bgr|gray</c>.
/// A null member means "the default": the model's declared size, mean 0, std 1, channels from the input's channel
/// count. Mean and std apply to pixels scaled to [0, 1], in the order the channels are fed (BGR means BGR values).
/// </summary>
public sealed record ImagePreprocessing
{
    public static ImagePreprocessing Default { get; } = new();

    /// <summary>The size images are resized to; null = the model input's declared height and width.</summary>
    public ImageSize? Size { get; init; }

    /// <summary>Per-channel means (one value = every channel); null = 0.</summary>
    public float[]? Mean { get; init; }

    /// <summary>Per-channel standard deviations (one value = every channel); null = 1.</summary>
    public float[]? Std { get; init; }

    /// <summary>The channels fed; null = gray for one channel, RGB for three.</summary>
    public ChannelOrder? Channels { get; init; }

    /// <summary>Whether the user asked for anything other than the defaults.</summary>
    public bool IsDefault => Size == null && Mean == null && Std == null && Channels == null;

    /// <summary>From the command-line forms; null or empty strings leave a default. Throws with the option's name.</summary>
    public static ImagePreprocessing Parse(string? imageSize, string? mean, string? std, string? channels)
    {
        var result = new ImagePreprocessing
        {
            Size = string.IsNullOrWhiteSpace(imageSize) ? null : ParseSize(imageSize),
            Mean = string.IsNullOrWhiteSpace(mean) ? null : ParseValues(mean, "--mean"),
            Std = string.IsNullOrWhiteSpace(std) ? null : ParseValues(std, "--std"),
            Channels = string.IsNullOrWhiteSpace(channels) ? null : ParseChannels(channels),
        };
        result.Validate();
        return result;
    }

    /// <summary>"224" (square) or "224,160" (height, width).</summary>
    public static ImageSize ParseSize(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v is > 0 and <= MaxSide))
            throw new ImagePreprocessingException($"--image-size '{text}' is not H or H,W (whole numbers of pixels, 1 to {MaxSide})");
        int height = int.Parse(parts[0], CultureInfo.InvariantCulture);
        return new ImageSize(height, parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : height);
    }

    /// <summary>"0.485,0.456,0.406" or one value for every channel.</summary>
    public static float[] ParseValues(string text, string option)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
                throw new ImagePreprocessingException($"{option} '{text}' is not a comma-separated list of numbers (e.g. 0.485,0.456,0.406)");
        return values;
    }

    public static ChannelOrder ParseChannels(string text) => text.Trim().ToLowerInvariant() switch
    {
        "rgb" => ChannelOrder.Rgb,
        "bgr" => ChannelOrder.Bgr,
        "gray" or "grey" or "l" => ChannelOrder.Gray,
        _ => throw new ImagePreprocessingException($"--channels '{text}' is not rgb, bgr or gray"),
    };

    /// <summary>Checks what does not depend on the model: std non-zero, at most three values each.</summary>
    public void Validate()
    {
        if (Std != null && Std.Contains(0f))
            throw new ImagePreprocessingException($"--std {Join(Std)} has a zero; Normalize divides by it");
        if (Mean is { Length: > 3 }) throw new ImagePreprocessingException($"--mean {Join(Mean)} has {Mean.Length} values; images have 1 or 3 channels");
        if (Std is { Length: > 3 }) throw new ImagePreprocessingException($"--std {Join(Std)} has {Std.Length} values; images have 1 or 3 channels");
    }

    /// <summary>The per-channel mean and std for a count of channels, checking that each has one value or one per channel.</summary>
    public (float[] Mean, float[] Std) For(int channels)
    {
        return (Expand(Mean, 0f, "--mean"), Expand(Std, 1f, "--std"));

        float[] Expand(float[]? values, float fallback, string option)
        {
            if (values == null) return Enumerable.Repeat(fallback, channels).ToArray();
            if (values.Length == 1) return Enumerable.Repeat(values[0], channels).ToArray();
            if (values.Length != channels)
                throw new ImagePreprocessingException($"{option} {Join(values)} has {values.Length} values but the model's input takes {channels} channel{(channels == 1 ? "" : "s")}");
            return values;
        }
    }

    const int MaxSide = 16384;

    static string Join(float[] values) => string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
