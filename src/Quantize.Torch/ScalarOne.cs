using TorchSharp;

namespace Quantize.Torch;

/// <summary>
/// The alpha of tensor addition, made once and held for the life of the process. TorchSharp's <c>add(Tensor)</c> makes
/// a fresh Scalar per call and leaves it to the finalizer, which can free it while the native call still reads it
/// (dotnet/TorchSharp#1496); we saw that crash once in a long retraining. The additions on every forward pass (Gemm's
/// bias, Add, the normalisations, the residual sums of ResNet blocks) pass this one instead.
/// </summary>
internal static class ScalarOne
{
    public static readonly Scalar Value = 1.ToScalar();
}
