using Quantize.Core.Fidelity;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Evaluation;

/// <summary>
/// How a restored model (quantized, fine-tuned) compares with its original on a test split: both run on the same
/// batches in file order, each once per batch, on one device. Every output of a floating type is measured
/// (<see cref="FidelityMeasures"/>); integer and boolean outputs (predicted labels, masks) and outputs that do not
/// lead with the batch are skipped and listed. Top-1 accuracy of both is counted on the class-score output that
/// <see cref="GraphInterface"/> picks, when the data has labels and that output is [N,C].
/// </summary>
public static class ModelQuality
{
    public static QualityResult Compare(ModelProto original, ModelProto restored, IModelData test, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(restored);
        ArgumentNullException.ThrowIfNull(test);
        if (test.Count == 0) throw new ArgumentException("the test split holds no sample", nameof(test));
        MeasuredGraph reference = MeasuredGraph.Of(original), candidate = MeasuredGraph.Of(restored);
        if (!reference.Outputs.SequenceEqual(candidate.Outputs, StringComparer.Ordinal))
            throw new IncompatibleModelException(
                $"the restored model's outputs ({string.Join(", ", candidate.Outputs)}) are not the original's ({string.Join(", ", reference.Outputs)})");
        string scores = GraphInterface.Of(original.Graph).ScoreOutput;

        TorchRuntime.EnsureLoaded();
        device ??= CPU;
        using var originalModule = new OnnxGraphModule(reference.Model).to(device);
        using var restoredModule = new OnnxGraphModule(candidate.Model).to(device);
        originalModule.eval();
        restoredModule.eval();
        OutputTally[] tallies = reference.Outputs.Select(name => new OutputTally(name)).ToArray();
        int scoreIndex = Array.FindIndex(tallies, t => t.Name == scores);
        long originalCorrect = 0, restoredCorrect = 0;
        bool counted = false;

        // A graph exported at a fixed batch size runs exactly that many samples at a time (the last batch padded).
        long? fixedBatch = originalModule.FixedBatch;
        int batchSize = fixedBatch is long b ? (int)b : Accuracy.BatchSize;
        using (no_grad())
        {
            for (int start = 0; start < test.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(batchSize, test.Count - start);
                int[] positions = Enumerable.Range(start, count).ToArray();
                ModelBatch batch = test.Batch(positions, device);
                long ran = fixedBatch ?? count;
                Tensor[] y0 = originalModule.Run(Fed(batch, originalModule, ran));
                Tensor[] y = restoredModule.Run(Fed(batch, restoredModule, ran));
                for (int i = 0; i < tallies.Length; i++) tallies[i].Add(y[i], y0[i], ran, count);

                if (test.HasLabels && batch.Labels is { } labels && scoreIndex >= 0 && tallies[scoreIndex].ClassScores)
                {
                    Tensor original0 = y0[scoreIndex].narrow(0, 0, count), restored0 = y[scoreIndex].narrow(0, 0, count);
                    CheckLabels(labels, scores, original0.shape[1]);
                    originalCorrect += original0.argmax(1).eq(labels).sum().item<long>();
                    restoredCorrect += restored0.argmax(1).eq(labels).sum().item<long>();
                    counted = true;
                }
            }
        }

        List<OutputFidelity> measured = tallies.Where(t => t.SkipReason == null).Select(t => t.Result!).ToList();
        List<SkippedOutput> skipped = reference.Skipped.Concat(tallies.Where(t => t.SkipReason != null).Select(t => new SkippedOutput(t.Name, t.SkipReason!)))
            .OrderBy(s => original.Graph.Output.ToList().FindIndex(o => o.Name == s.Name)).ToList();
        if (measured.Count == 0)
            throw new IncompatibleModelException(
                $"the model has no output to compare per sample ({string.Join("; ", skipped.Select(s => $"'{s.Name}' {s.Reason}"))})");
        return new QualityResult(
            counted ? new AccuracyResult(originalCorrect, test.Count) : null,
            counted ? new AccuracyResult(restoredCorrect, test.Count) : null,
            counted ? scores : null,
            FidelityResult.Of(measured),
            skipped);
    }

    // The inputs the graph takes, from the batch; zero samples pad a short batch up to a fixed batch size.
    static Dictionary<string, Tensor> Fed(ModelBatch batch, OnnxGraphModule module, long ran)
    {
        var fed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        // A full batch goes as it is: a scalar input (a sample rate) or a state with its batch on axis 1 has no axis 0 to pad.
        long count = batch.Count;
        foreach (string name in module.InputNames)
        {
            if (!batch.Inputs.TryGetValue(name, out Tensor? input))
                throw new IncompatibleModelException(
                    $"the model reads input '{name}', which the data does not give (it gives {string.Join(", ", batch.Inputs.Keys.Select(k => $"'{k}'"))})");
            fed[name] = count >= ran ? input
                : cat([input, zeros([ran - count, .. input.shape[1..]], input.dtype, input.device)], 0);
        }
        return fed;
    }

    static void CheckLabels(Tensor labels, string output, long classes)
    {
        long largest = labels.max().to(ScalarType.Int64).item<long>();
        if (largest >= classes)
            throw new IncompatibleModelException($"model output '{output}' gives {classes} class scores, but the data has label {largest}");
    }
}
