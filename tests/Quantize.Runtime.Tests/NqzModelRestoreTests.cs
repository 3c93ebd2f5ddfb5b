using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Runtime.Tests;

/// <summary>The restored model holds the shared values, in bytes ONNX Runtime runs.</summary>
public class NqzModelRestoreTests
{
    [Fact]
    public void ToOnnxBytes_HoldsEveryWeightAtItsSharedValue()
    {
        byte[] onnx = NqzModel.Open(SampleContainer.Bytes).ToOnnxBytes();

        IReadOnlyList<ParameterTensor> restored = ModelParameters.Extract(OnnxModelFile.Parse(onnx, "restored"));
        Assert.Equal(SampleContainer.Expected.Keys.Order(), restored.Select(t => t.Name).Order());
        foreach (ParameterTensor tensor in restored) Assert.Equal(SampleContainer.Expected[tensor.Name], tensor.Values);
    }

    [Fact]
    public void WriteOnnx_WritesTheBytesOfToOnnxBytes_AndLeavesTheStreamOpen()
    {
        NqzModel model = NqzModel.Open(SampleContainer.Bytes);
        using var destination = new MemoryStream();
        destination.WriteByte(42);

        model.WriteOnnx(destination);
        destination.WriteByte(43); // still open

        byte[] written = destination.ToArray();
        Assert.Equal(model.ToOnnxBytes(), written[1..^1]);
    }

    [Fact]
    public void Restored_RunsInOnnxRuntime_AsTheSourceWithItsSharedValues()
    {
        byte[] restored = NqzModel.Open(SampleContainer.Bytes).ToOnnxBytes();
        ModelProto source = OnnxModelFile.Load(RepoPaths.SampleModel);
        ModelProto substituted = ModelParameters.WithValues(source, SampleContainer.Expected.Select(e => new ParameterTensor(e.Key, [], e.Value)));
        var random = new Random(1);
        float[] pixels = Enumerable.Range(0, 4 * 28 * 28).Select(_ => (float)random.NextDouble()).ToArray();

        float[] actual = Run(restored, pixels);

        Assert.Equal(Run(OnnxModelFile.ToBytes(substituted), pixels), actual); // the same weights in the same runtime: equal bit for bit
        Assert.NotEqual(Run(File.ReadAllBytes(RepoPaths.SampleModel), pixels), actual); // and not the original's
    }

    static float[] Run(byte[] model, float[] pixels)
    {
        using var session = new InferenceSession(model);
        string input = session.InputMetadata.Keys.Single();
        var tensor = new DenseTensor<float>(pixels, [pixels.Length / (28 * 28), 1, 28, 28]);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run([NamedOnnxValue.CreateFromTensor(input, tensor)]);
        return outputs[0].AsTensor<float>().ToArray();
    }
}
