using Quantize.Torch.Data;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// The samples a Hessian is averaged over: model inputs with their targets (int64 labels for
/// cross-entropy, float tensors for squared error), handed out in consecutive batches.
/// </summary>
public sealed class HessianData
{
    readonly Func<int, int, Device, (Tensor Inputs, Tensor Targets)> slice;

    HessianData(int count, Func<int, int, Device, (Tensor Inputs, Tensor Targets)> slice)
    {
        Count = count;
        this.slice = slice;
    }

    public int Count { get; }

    /// <summary>Labelled images (calibration data: the caller decides which split; never the test set).</summary>
    public static HessianData FromImages(ImageTensors images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return new HessianData(images.Count, (start, count, device) => images.Batch(Enumerable.Range(start, count).ToArray(), device));
    }

    /// <summary>Inputs and targets already in tensors, first dimension = sample. The caller keeps ownership.</summary>
    public static HessianData FromTensors(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.shape[0] != targets.shape[0])
            throw new ArgumentException(
                $"inputs and targets need the same number of samples in their first dimension (inputs {Shape(inputs)}, targets {Shape(targets)})");
        return new HessianData(checked((int)inputs.shape[0]), (start, count, device) => (inputs.narrow(0, start, count).On(device), targets.narrow(0, start, count).On(device)));
    }

    /// <summary>Samples [start, start + count) on the device (the model's), as tensors owned by the current dispose scope.</summary>
    internal (Tensor Inputs, Tensor Targets) Batch(int start, int count, Device device) => slice(start, count, device);

    static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
