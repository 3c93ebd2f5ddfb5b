using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Evaluation;
using Quantize.Torch.FineTuning;
using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using Quantize.Torch.Tests.FineTuning;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests;

/// <summary>
/// The same work on every available device against the CPU, which is the reference. Kernels differ between
/// devices, so results agree to rounding, not bit for bit. On a machine without CUDA only the CPU rows run.
/// </summary>
public class DeviceAgreementTests
{
    static readonly ModelProto Sample = OnnxModelFile.Load(RepoPaths.SampleModel);

    public DeviceAgreementTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [MemberData(nameof(TestDevices.Available), MemberType = typeof(TestDevices))]
    public void AccuracyAgrees(string device)
    {
        AccuracyResult cpu = Accuracy.TopOne(Sample, TestData.Test, CPU);
        AccuracyResult here = Accuracy.TopOne(Sample, TestData.Test, TorchDevices.Resolve(device));
        Assert.True(cpu.Percent > 85, $"the sample model scores {cpu.Percent:F2}%");
        Assert.Equal(cpu.Total, here.Total);
        Assert.InRange(Math.Abs(cpu.Correct - here.Correct), 0, 3); // a near-tie may flip
    }

    [Theory]
    [MemberData(nameof(TestDevices.Available), MemberType = typeof(TestDevices))]
    public void GaussNewtonDiagonalAgrees(string device)
    {
        var options = new HessianOptions { Samples = 64, BatchSize = 32, Seed = 3 };
        float[] Estimate(Device on)
        {
            using var module = new OnnxGraphModule(Sample).to(on);
            return new GaussNewtonEstimator().Estimate(module, HessianData.FromImages(TestData.Train), options).SelectMany(t => t.Values).ToArray();
        }
        float[] cpu = Estimate(CPU), here = Estimate(TorchDevices.Resolve(device));
        Assert.Contains(cpu, v => v > 0);
        double scale = cpu.Max();
        Assert.All(cpu.Zip(here), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 1e-4 * scale));
    }

    [Theory]
    [MemberData(nameof(TestDevices.Available), MemberType = typeof(TestDevices))]
    public void FineTuningKeepsItsInvariantsWhereTheModuleIs(string device)
    {
        Device on = TorchDevices.Resolve(device);
        QuantizedState state = QuantizedLeNet.Build(cells: 4, keep: 0.3, perLayer: true);
        using var module = new OnnxGraphModule(QuantizedLeNet.Onnx).to(on);
        FineTuningResult result = SharedValueFineTuner.FineTune(module, state, TestData.Train,
            new FineTuningOptions { Epochs = 1, Limit = 128, LearningRate = 1e-3 });
        foreach (CodebookAssignment assignment in state.Parameters)
        {
            Assert.Equal(on.type, module.Initializers[assignment.Name].device_type);
            float[] values = module.Initializers[assignment.Name].cpu().data<float>().ToArray();
            float[] expected = assignment.Clusters.Select(c => c == CodebookAssignment.Pruned ? 0f : result.Centers[assignment.Codebook][c]).ToArray();
            Assert.Equal(expected, values);
        }
    }
}
