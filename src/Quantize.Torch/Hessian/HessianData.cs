using Quantize.Torch.Data;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// The samples a Hessian is averaged over: model inputs with their targets (int64 labels for
/// cross-entropy, float tensors for squared error; none for unlabelled data), handed out in consecutive batches.
/// </summary>
public sealed class HessianData
{
    readonly Func<int, int, Device, HessianBatch> slice;

    HessianData(int count, Func<int, int, Device, HessianBatch> slice, bool named = false)
    {
        Count = count;
        this.slice = slice;
        OfNamedInputs = named;
    }

    public int Count { get; }

    /// <summary>Whether batches are named inputs (run through <see cref="Onnx.OnnxGraphModule.Primary"/>) rather than images.</summary>
    internal bool OfNamedInputs { get; }

    /// <summary>
    /// Any model's inputs by name (calibration data: the caller decides which split; never the test set). Labels,
    /// when the data has them, serve the label-based estimators; without them every estimator measures the loss
    /// against the model's own output at the current weights (see <see cref="HessianLoss"/>).
    /// </summary>
    public static HessianData FromModelData(IModelData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new HessianData(data.Count, (start, count, device) => HessianBatch.OfInputs(data.Batch(Enumerable.Range(start, count).ToArray(), device)), named: true);
    }

    /// <summary>Labelled images (calibration data: the caller decides which split; never the test set).</summary>
    public static HessianData FromImages(ImageTensors images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return new HessianData(images.Count, (start, count, device) =>
        {
            (Tensor pixels, Tensor labels) = images.Batch(Enumerable.Range(start, count).ToArray(), device);
            return HessianBatch.OfImages(pixels, labels);
        });
    }

    /// <summary>Inputs and targets already in tensors, first dimension = sample. The caller keeps ownership.</summary>
    public static HessianData FromTensors(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.shape[0] != targets.shape[0])
            throw new ArgumentException(
                $"inputs and targets need the same number of samples in their first dimension (inputs {Shape(inputs)}, targets {Shape(targets)})");
        return new HessianData(checked((int)inputs.shape[0]), (start, count, device) =>
            HessianBatch.OfImages(inputs.narrow(0, start, count).On(device), targets.narrow(0, start, count).On(device)));
    }

    /// <summary>Samples [start, start + count) on the device (the model's), as tensors owned by the current dispose scope.</summary>
    internal HessianBatch Batch(int start, int count, Device device) => slice(start, count, device);

    static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
