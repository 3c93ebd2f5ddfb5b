namespace Quantize.Torch.Hessian;

/// <summary>What data and how much effort a Hessian estimate uses. Setters reject values that cannot work.</summary>
public sealed record HessianOptions
{
    /// <summary>Use the first N samples of the data (0 = all). The paper found 1,000 about as good as 50,000.</summary>
    public int Samples
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Samples), value, "the sample count cannot be negative (0 means all)");
    } = 1000;

    /// <summary>Samples per forward/backward pass; bounds memory, not the result.</summary>
    public int BatchSize
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "the batch size must be at least 1");
    } = 250;

    /// <summary>Seeds the random vectors (sampled labels, Rademacher probes); the same seed gives the same estimate.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Hutchinson: Rademacher probes per batch (one Hessian-vector product each).</summary>
    public int Probes
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Probes), value, "at least one probe is needed");
    } = 20;

    /// <summary>Gauss–Newton in <see cref="GaussNewtonMode.Sampled"/> mode: upstream vectors drawn per input (one backward pass each).</summary>
    public int Draws
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Draws), value, "at least one draw is needed");
    } = 1;

    public GaussNewtonMode Mode { get; init; } = GaussNewtonMode.Sampled;

    /// <summary>Cross-entropy by default; models without class scores need <see cref="HessianLoss.SquaredError"/> (see <see cref="LossFor"/>).</summary>
    public HessianLoss Loss { get; init; } = HessianLoss.CrossEntropy;

    /// <summary>
    /// The loss that fits a model's outputs: cross-entropy for class scores, else squared error — with unlabelled
    /// data the output distortion ½‖f(x;w) − f(x;w₀)‖², whose Gauss–Newton diagonal is the squared output Jacobian.
    /// </summary>
    public static HessianLoss LossFor(Onnx.OnnxGraphModule model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.HasClassScores ? HessianLoss.CrossEntropy : HessianLoss.SquaredError;
    }

    /// <summary>The exact estimator refuses models with more parameters than this: it costs one Hessian-vector product per parameter.</summary>
    public int ExactParameterLimit
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(ExactParameterLimit), value, "the limit must be at least 1");
    } = 20_000;
}
