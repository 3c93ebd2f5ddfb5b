namespace Quantize.Cli.Pipeline;

/// <summary>Where the importance weights h_ii come from and how they are conditioned (see <see cref="ImportanceWeights"/>).</summary>
/// <param name="Samples">Calibration samples for an estimator: the first N of the training split.</param>
/// <param name="Damping">δ of h ← h + δ·mean(h); 0 keeps the weights as given.</param>
public sealed record ImportanceRequest(HessianSpec Source, int Samples = ImportanceRequest.DefaultSamples, double Damping = ImportanceRequest.DefaultDamping)
{
    /// <summary>The paper found 1,000 samples about as good as 50,000.</summary>
    public const int DefaultSamples = 1000;

    /// <summary>See <see cref="ImportanceWeights"/> for the measured reason.</summary>
    public const double DefaultDamping = 0.1;

    public static ImportanceRequest None { get; } = new(HessianSpec.None);

    /// <summary>Whether the weights come from running the model on data (an estimator), rather than from a file or nowhere.</summary>
    public bool RunsModel => Source.Kind == HessianSourceKind.Estimator;
}
