using Quantize.Core.Fidelity;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Evaluation;

/// <summary>
/// One output of the two models over the batches of a split. The first batch decides whether the output is
/// measured (floating point, with a batch axis: the first, or a recurrent state's [layers, N, hidden]) and whether it is class scores ([N,C], C ≥ 2); every batch
/// then streams into a <see cref="FidelityAccumulator"/> through the CPU, a batch at a time.
/// </summary>
sealed class OutputTally(string name)
{
    FidelityAccumulator? accumulator;
    bool decided;
    int batchAxis; // where the first batch showed the samples: 0, or a recurrent state's batch axis

    public string Name { get; } = name;

    /// <summary>Why the output is not measured, once the first batch showed it; null while measured.</summary>
    public string? SkipReason { get; private set; }

    public bool ClassScores { get; private set; }

    public OutputFidelity? Result => accumulator?.Result();

    /// <param name="restored">The restored model's output for the batch.</param>
    /// <param name="original">The original model's output for the batch.</param>
    /// <param name="ran">How many samples the graph ran (more than <paramref name="count"/> when a fixed batch was padded).</param>
    /// <param name="count">How many of them are real samples.</param>
    public void Add(Tensor restored, Tensor original, long ran, long count)
    {
        if (!decided) Decide(original, ran);
        if (SkipReason != null) return;
        if (!restored.shape.SequenceEqual(original.shape))
            throw new IncompatibleModelException(
                $"output '{Name}' is [{string.Join(",", restored.shape)}] in the restored model but [{string.Join(",", original.shape)}] in the original");
        // The axis the first batch showed: a short last batch of 2 must not make a state [2, 2, 128] look batch-first.
        if (original.dim() <= batchAxis || original.shape[batchAxis] != ran)
            throw new OnnxExecutionException($"output '{Name}' had the batch on axis {batchAxis} on the first batch, but is [{string.Join(",", original.shape)}] for a batch of {ran}");
        accumulator!.Add(Floats(restored, count), Floats(original, count), (int)count);
    }

    void Decide(Tensor output, long ran)
    {
        decided = true;
        string shape = $"[{string.Join(",", output.shape)}]";
        if (!output.is_floating_point())
            SkipReason = $"{output.dtype.ToString().ToLowerInvariant()}: not a floating-point output";
        else if ((batchAxis = OnnxGraphModule.BatchAxis(output, ran)) < 0)
            SkipReason = $"{shape} for a batch of {ran}: no dimension is the batch, so no output per sample";
        if (SkipReason != null) return;
        ClassScores = output.dim() == 2 && output.shape[1] >= 2;
        accumulator = new FidelityAccumulator(Name, ClassScores);
    }

    float[] Floats(Tensor output, long count)
    {
        using var scope = NewDisposeScope();
        Tensor leading = batchAxis == 0 ? output : output.movedim([batchAxis], [0]);
        return leading.narrow(0, 0, count).to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
    }
}
