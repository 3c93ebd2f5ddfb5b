using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Quantize.Onnx.Tests;

/// <summary>Runs a model in ONNX Runtime and returns its first output, flattened.</summary>
static class OrtRunner
{
    public static float[] Run(byte[] model, IReadOnlyList<NamedOnnxValue> inputs)
    {
        using var session = new InferenceSession(model);
        return Outputs(session, inputs);
    }

    /// <summary>From a file, so that ONNX Runtime itself resolves external data beside it.</summary>
    public static float[] RunFile(string path, IReadOnlyList<NamedOnnxValue> inputs)
    {
        using var session = new InferenceSession(path);
        return Outputs(session, inputs);
    }

    public static NamedOnnxValue Floats(string name, float[] values, params int[] dims) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, dims));

    public static NamedOnnxValue Scalar(string name, bool value) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(new[] { value }, ReadOnlySpan<int>.Empty));

    static float[] Outputs(InferenceSession session, IReadOnlyList<NamedOnnxValue> inputs)
    {
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(inputs);
        return results[0].AsTensor<float>().ToArray();
    }
}
