using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// The gradient of a batch's summed loss with its own graph kept, so Hessian-vector products can
/// differentiate it again. Callers must only differentiate entries that <see cref="HasGraph"/>: libtorch
/// errors inside TorchSharp's autograd.grad end the process rather than throw.
/// </summary>
static class LossGradient
{
    /// <returns>One gradient per parameter; an invalid tensor where the loss does not depend on it.</returns>
    public static IList<Tensor> WithGraph(OnnxGraphModule model, IList<Tensor> parameters, HessianData data, int start, int count, HessianLoss loss)
    {
        HessianBatch batch = data.Batch(start, count, TorchDevices.Of(model));
        batch.CheckLoss(model, loss);
        Tensor sum = HessianLosses.Sum(batch.Forward(model), batch.Targets, loss);
        // retain_graph must be explicit: unlike PyTorch, TorchSharp does not default it to create_graph, and the
        // products differentiate through this forward pass again.
        return autograd.grad([sum], parameters, retain_graph: true, create_graph: true, allow_unused: true);
    }

    /// <summary>Whether a gradient entry can be differentiated again (a gradient that is constant in the parameters cannot, and has no curvature).</summary>
    public static bool HasGraph(Tensor gradient) => !gradient.IsInvalid && gradient.requires_grad;
}
