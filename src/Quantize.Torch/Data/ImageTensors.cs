using Quantize.Data.Idx;
using static TorchSharp.torch;

namespace Quantize.Torch.Data;

/// <summary>
/// Batches of a labelled image set as float32 N×1×H×W pixels scaled to [0, 1] (what PyTorch's
/// ToTensor gives) and int64 labels, so a PyTorch-exported classifier scores exactly as in PyTorch.
/// </summary>
public sealed class ImageTensors(LabeledImages images)
{
    public LabeledImages Images { get; } = images;

    public int Count => Images.Count;

    /// <summary>The images at the given positions, in that order, on the device (default CPU).</summary>
    public (Tensor Pixels, Tensor Labels) Batch(ReadOnlySpan<int> positions, Device? device = null)
    {
        int size = Images.PixelsPerImage;
        var pixels = new float[positions.Length * size];
        var labels = new long[positions.Length];
        for (int b = 0; b < positions.Length; b++)
        {
            int source = positions[b] * size;
            for (int p = 0; p < size; p++) pixels[b * size + p] = Images.Pixels[source + p] / 255f;
            labels[b] = Images.Labels[positions[b]];
        }
        // Built on the CPU and copied over in one transfer per tensor; on the CPU these are the very tensors.
        Tensor pixelTensor = tensor(pixels, [positions.Length, 1, Images.Rows, Images.Columns]), labelTensor = tensor(labels);
        return device == null ? (pixelTensor, labelTensor) : (pixelTensor.MoveTo(device), labelTensor.MoveTo(device));
    }

    /// <summary>Consecutive batches in file order (evaluation), on the device (default CPU).</summary>
    public IEnumerable<(Tensor Pixels, Tensor Labels)> Sequential(int batchSize, Device? device = null)
    {
        for (int start = 0; start < Count; start += batchSize)
        {
            int[] positions = Enumerable.Range(start, Math.Min(batchSize, Count - start)).ToArray();
            yield return Batch(positions, device);
        }
    }
}
