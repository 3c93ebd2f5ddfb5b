using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Models;

/// <summary>Runs an exported model in ONNX Runtime, an executor independent of ours, to check the export itself.</summary>
static class OnnxRuntimeOutputs
{
    public static float[] Run(ModelProto model, Tensor pixels)
    {
        using Tensor cpu = pixels.contiguous();
        var input = new DenseTensor(cpu.data<float>().ToArray(), cpu.shape.Select(d => (int)d).ToArray());
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToByteArray(), options);
        string inputName = model.Graph.Input[0].Name;
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, input)]);
        return results.Single().AsEnumerable<float>().ToArray();
    }

    /// <summary>The module's eval-mode logits, flattened like ONNX Runtime's output.</summary>
    public static float[] Module(nn.Module<Tensor, Tensor> module, Tensor pixels)
    {
        module.eval();
        using var _ = no_grad();
        using Tensor logits = module.forward(pixels);
        return logits.contiguous().data<float>().ToArray();
    }

    public static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= tolerance, $"largest difference {worst} exceeds {tolerance}");
    }
}
