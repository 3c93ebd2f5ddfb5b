using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// One batch as the estimators see it: either an image tensor for <see cref="OnnxGraphModule.forward"/> (the
/// classifier path of old, kept bit for bit) or named inputs for <see cref="OnnxGraphModule.Primary"/> (any model);
/// with targets, or without (unlabelled data: the loss is then measured against the model's own output).
/// </summary>
sealed class HessianBatch
{
    readonly Tensor? images;
    readonly ModelBatch? named;

    HessianBatch(Tensor? images, ModelBatch? named, Tensor? targets, long count)
    {
        this.images = images;
        this.named = named;
        Targets = targets;
        Count = count;
    }

    public static HessianBatch OfImages(Tensor images, Tensor targets) => new(images, null, targets, images.shape[0]);

    public static HessianBatch OfInputs(ModelBatch batch) => new(null, batch, batch.Labels, batch.Count);

    public Tensor? Targets { get; }

    public long Count { get; }

    /// <summary>The model output as [Count, outputs].</summary>
    public Tensor Forward(OnnxGraphModule model) =>
        images is not null ? HessianLosses.Flatten(model.forward(images), Count) : model.Primary(named!);

    /// <summary>Sample n alone, for the exact per-sample loop.</summary>
    public HessianBatch Sample(long n)
    {
        if (images is not null) return new HessianBatch(images.narrow(0, n, 1), null, Targets?.narrow(0, n, 1), 1);
        ModelBatch one = named!.Narrow(n, 1); // each input along its own sample axis; its labels are the targets
        return new HessianBatch(null, one, one.Labels, 1);
    }

    /// <summary>Class-score losses need class-score outputs: a softmax over an encoder's flattened states means nothing.</summary>
    public void CheckLoss(OnnxGraphModule model, HessianLoss loss)
    {
        if (named is not null && loss == HessianLoss.CrossEntropy && !model.HasClassScores)
            throw new ArgumentException(
                $"the model's outputs ({string.Join(", ", model.PrimaryOutputs)}) are not class scores; use the squared-error (output-distortion) loss for them");
    }
}
