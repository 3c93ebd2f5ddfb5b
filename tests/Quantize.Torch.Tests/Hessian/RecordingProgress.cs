namespace Quantize.Torch.Tests.Hessian;

/// <summary>Records progress reports synchronously (Progress&lt;T&gt; would post them to a thread pool).</summary>
sealed class RecordingProgress : IProgress<double>
{
    public List<double> Values { get; } = [];

    public void Report(double value) => Values.Add(value);
}
