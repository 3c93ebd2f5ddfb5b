using Quantize.Torch.Data;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Evaluation;

/// <summary>Samples of one float input held in memory, as an npz array would give them: the smallest real <see cref="IModelData"/>.</summary>
sealed class ArrayData(string input, float[] values, long[] sampleShape) : IModelData
{
    readonly long sampleSize = sampleShape.Aggregate(1L, (a, b) => a * b);

    public int Count => (int)(values.Length / sampleSize);

    public bool HasLabels => false;

    public ModelBatch Batch(ReadOnlySpan<int> positions, Device? device = null)
    {
        var batch = new float[positions.Length * sampleSize];
        for (int b = 0; b < positions.Length; b++)
            Array.Copy(values, positions[b] * sampleSize, batch, b * sampleSize, sampleSize);
        Tensor t = tensor(batch, [positions.Length, .. sampleShape]);
        return new ModelBatch(new Dictionary<string, Tensor> { [input] = device == null ? t : t.MoveTo(device) }, null);
    }
}
