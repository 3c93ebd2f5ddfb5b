using Quantize.Torch.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// Turns autograd on for the model's parameters (frozen by default) and for the thread, and restores
/// both on dispose, so an estimate leaves the model as it found it.
/// </summary>
sealed class GradientsOn : IDisposable
{
    readonly (Parameter Parameter, bool RequiredGrad)[] saved;
    readonly IDisposable mode = enable_grad();

    public GradientsOn(OnnxGraphModule model)
    {
        saved = model.Initializers.Values.Select(p => (p, p.requires_grad)).ToArray();
        foreach ((Parameter parameter, _) in saved) parameter.requires_grad = true;
    }

    public void Dispose()
    {
        foreach ((Parameter parameter, bool requiredGrad) in saved) parameter.requires_grad = requiredGrad;
        mode.Dispose();
    }
}
