using Quantize.Format.Onnx;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Models;

/// <summary>
/// A module's float state (parameters, then BatchNorm running statistics) under PyTorch's dotted names.
/// BatchNorm's integer step counter "num_batches_tracked" is left out: inference never reads it.
/// </summary>
public static class ModuleState
{
    public const string StepCounterSuffix = ".num_batches_tracked";

    public static bool IsStepCounter(string name) => name.EndsWith(StepCounterSuffix, StringComparison.Ordinal) || name == StepCounterSuffix[1..];

    /// <summary>Live tensors of the module (not copies), in registration order.</summary>
    public static IEnumerable<(string Name, Tensor Value)> Entries(nn.Module module) =>
        module.state_dict().Where(p => !IsStepCounter(p.Key)).Select(p => (p.Key, p.Value));

    public static IReadOnlyList<ParameterTensor> Read(nn.Module module) =>
        Entries(module).Select(e => Copy(e.Name, e.Value)).ToList();

    /// <summary>Adds every state entry as an initializer under its own name, so the ONNX graph refers to them by module path.</summary>
    public static void AddInitializers(OnnxGraphBuilder builder, nn.Module module)
    {
        foreach (ParameterTensor tensor in Read(module)) builder.Initializer(tensor.Name, tensor.Dims, tensor.Values);
    }

    static ParameterTensor Copy(string name, Tensor value)
    {
        using Tensor cpu = value.detach().cpu().to(ScalarType.Float32).contiguous();
        return new ParameterTensor(name, cpu.shape, cpu.data<float>().ToArray());
    }
}
