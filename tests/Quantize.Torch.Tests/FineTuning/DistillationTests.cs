using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;
using Quantize.Torch.FineTuning;
using Quantize.Torch.Onnx;
using Quantize.Torch.Pruning;
using Quantize.Torch.Tests.Data;
using Quantize.Torch.Tests.Onnx.AnyOutput;
using Quantize.Torch.Training;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.FineTuning;

/// <summary>
/// Fine-tuning and retraining without labels: the quantized (or pruned) model is pulled back toward the original
/// model's outputs on unlabelled inputs, and the distillation loss falls.
/// </summary>
public class DistillationTests
{
    public DistillationTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("encoder")]
    [InlineData("detector")]
    [InlineData("audio")]
    public void FineTuningWithoutLabelsLowersTheDistillationLoss(string family)
    {
        (ModelProto model, Dictionary<string, Tensor> inputs) = family switch
        {
            "encoder" => (AnyOutputModels.Encoder(), AnyOutputData.EncoderInputs(64, 20)),
            "detector" => (AnyOutputModels.Detector(), AnyOutputData.DetectorInputs(32, 21)),
            _ => (AnyOutputModels.Audio(), AnyOutputData.AudioInputs(64, 26)),
        };
        var data = new InMemoryData(inputs);
        QuantizedState state = Coarse(model, cells: 4);
        using var module = new OnnxGraphModule(model);
        var batch = new ModelBatch(inputs, null);
        Tensor original;
        using (no_grad()) original = module.Primary(batch);

        var options = new FineTuningOptions { Epochs = 4, BatchSize = 16, LearningRate = 3e-3 };
        FineTuningResult result = SharedValueFineTuner.FineTune(module, state, data, options);

        double Distortion(IReadOnlyList<float[]> centers)
        {
            using var quantized = new OnnxGraphModule(Reconstruct(model, state, centers));
            using var _ = no_grad();
            return Distillation.Loss(quantized.Primary(batch), original, classScores: false).item<float>();
        }
        double before = Distortion(state.Codebooks), after = Distortion(result.Centers);
        Assert.True(after < 0.9 * before, $"distillation loss {before:G4} before fine-tuning, {after:G4} after");
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0], $"epoch losses {string.Join(", ", result.EpochLosses)}");
    }

    [Fact]
    public void TeacherRestoresTheCurrentWeights()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        Dictionary<string, Tensor> inputs = AnyOutputData.EncoderInputs(4, 22);
        using Teacher teacher = Teacher.Snapshot(module);
        Tensor original;
        using (no_grad())
        {
            original = module.Primary(new ModelBatch(inputs, null));
            foreach (var parameter in module.Initializers.Values) parameter.mul_(0.5f);
        }
        float[][] halved = module.Initializers.Values.Select(p => p.data<float>().ToArray()).ToArray();
        Tensor taught = teacher.Outputs(new ModelBatch(inputs, null));
        Assert.True(taught.equal(original).all().item<bool>());
        Assert.Equal(halved, module.Initializers.Values.Select(p => p.data<float>().ToArray()).ToArray());
    }

    [Fact]
    public void KlIsZeroOnlyForTheTeacher()
    {
        manual_seed(23);
        Tensor teacher = randn(5, 7), student = randn(5, 7);
        Assert.Equal(0f, Distillation.Loss(teacher, teacher, classScores: true).item<float>(), 6);
        Assert.True(Distillation.Loss(student, teacher, classScores: true).item<float>() > 0);
        Assert.Equal(student.sub(teacher).square().mean().item<float>(), Distillation.Loss(student, teacher, classScores: false).item<float>());
    }

    // Pruned, then retrained on unlabelled inputs toward the unpruned model; pruned weights stay zero.
    [Fact]
    public void MaskedRetrainingDistilsWithoutLabels()
    {
        ModelProto model = AnyOutputModels.Encoder();
        ParameterTensor[] weights = ModelParameters.Extract(model).Where(MagnitudePruner.IsPrunable).ToArray();
        IReadOnlyList<PruningMask> masks = MagnitudePruner.Global(weights, 0.5);
        using var module = new OnnxGraphModule(model);
        using Teacher teacher = Teacher.Snapshot(module);
        MaskedRetrainer.ApplyMasks(module, masks);
        var data = new InMemoryData(AnyOutputData.EncoderInputs(64, 24));
        RetrainingResult result = MaskedRetrainer.Retrain(module, masks, data,
            new TrainingOptions { Epochs = 4, BatchSize = 16, LearningRate = 3e-3 }, teacher);
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0], $"epoch losses {string.Join(", ", result.EpochLosses)}");
        foreach (ParameterTensor values in MaskedRetrainer.ReadValues(module, masks))
        {
            PruningMask mask = masks.Single(m => m.Name == values.Name);
            Assert.All(Enumerable.Range(0, mask.Count).Where(i => !mask.Keep[i]), i => Assert.Equal(0f, values.Values[i]));
        }
    }

    [Fact]
    public void TrainingAStateOutputWithoutATeacherIsRefused()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        var error = Assert.Throws<ArgumentException>(() => Distillation.Objective(module, new InMemoryData(AnyOutputData.EncoderInputs(2, 25)), null));
        Assert.Contains("distillation", error.Message);
    }

    // Every matrix on a 4-value uniform grid of its own: coarse enough that the outputs move.
    static QuantizedState Coarse(ModelProto model, int cells)
    {
        var codebooks = new List<float[]>();
        var assignments = new List<CodebookAssignment>();
        foreach (ParameterTensor weight in ModelParameters.Extract(model).Where(MagnitudePruner.IsPrunable))
        {
            Quantization q = new UniformQuantizer(cells).Quantize(weight.Values, []);
            assignments.Add(new CodebookAssignment(weight.Name, codebooks.Count, q.Assignment));
            codebooks.Add(q.Centers);
        }
        return new QuantizedState(codebooks, assignments);
    }

    static ModelProto Reconstruct(ModelProto model, QuantizedState state, IReadOnlyList<float[]> centers)
    {
        var byName = ModelParameters.Extract(model).ToDictionary(p => p.Name, StringComparer.Ordinal);
        return ModelParameters.WithValues(model, state.Parameters.Select(a => byName[a.Name] with
        {
            Values = a.Clusters.Select(c => centers[a.Codebook][c]).ToArray(),
        }));
    }
}
