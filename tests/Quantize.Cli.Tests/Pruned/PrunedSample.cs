using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Pruned;

/// <summary>
/// The sample LeNet-5 magnitude-pruned to 10% of its weights by <c>quantize prune</c> without retraining (fast),
/// made once per test class: the pruned model every compress test of this folder starts from.
/// </summary>
public sealed class PrunedSample : IDisposable
{
    readonly TemporaryFolder folder = new();

    public PrunedSample()
    {
        Path = folder.File("pruned.onnx");
        CliResult result = CliRunner.Run("prune", RepoPaths.SampleModel, "--ratio", "0.1", "--retrain-epochs", "0", "-o", Path, "--data", RepoPaths.FashionMnist);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Stderr);
        Parameters = ModelParameters.Extract(OnnxModelFile.Load(Path));
    }

    public string Path { get; }

    public IReadOnlyList<ParameterTensor> Parameters { get; }

    /// <summary>Zeros of the weights (rank ≥ 2): the parameters compress treats as pruned.</summary>
    public long PrunedCount => Parameters.Where(p => p.Dims.Length >= 2).Sum(p => p.Values.LongCount(v => v == 0));

    public void Dispose() => folder.Dispose();
}
