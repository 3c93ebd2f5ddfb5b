namespace Quantize.Cli.Pipeline;

/// <summary>
/// Where the per-parameter importance weights h_ii come from (<c>--hessian</c>): none (all ones), a
/// safetensors FILE of weights, <c>adam:FILE</c> (square roots of Adam's second moments, paper §3.5), or an
/// estimator computed on calibration data (<c>gauss-newton</c>, <c>hutchinson</c>, <c>exact</c>).
/// </summary>
public sealed record HessianSpec(HessianSourceKind Kind, string? Path = null, string? Estimator = null)
{
    public static IReadOnlyList<string> EstimatorNames => Quantize.Torch.Hessian.HessianEstimators.Names;

    public static HessianSpec None { get; } = new(HessianSourceKind.None);

    public static HessianSpec Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "none") return None;
        if (EstimatorNames.Contains(text)) return new HessianSpec(HessianSourceKind.Estimator, Estimator: text);
        if (text.StartsWith("adam:", StringComparison.Ordinal))
        {
            string path = text["adam:".Length..];
            if (path.Length == 0) throw new UserInputException("--hessian adam: needs a file, e.g. adam:moments.safetensors");
            return new HessianSpec(HessianSourceKind.AdamMoments, path);
        }
        return new HessianSpec(HessianSourceKind.File, text);
    }

    /// <summary>How the report names the source.</summary>
    public string Description => Kind switch
    {
        HessianSourceKind.None => "none",
        HessianSourceKind.File => $"file:{System.IO.Path.GetFileName(Path)}",
        HessianSourceKind.AdamMoments => $"adam:{System.IO.Path.GetFileName(Path)}",
        _ => Estimator!,
    };
}

public enum HessianSourceKind
{
    None,
    File,
    AdamMoments,
    Estimator,
}
