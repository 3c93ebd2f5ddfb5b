using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Training;

/// <summary>
/// Training without labels: the student (the model being compressed) is pulled toward the teacher (the same model
/// with its original weights) on the user's own inputs. For class scores the loss is KL(softmax(teacher) ‖
/// softmax(student)), whose curvature at the start is the sampled-label Gauss–Newton matrix the Hessian used; for
/// any other output it is the mean squared error, the output distortion that the output-Jacobian Hessian weighs.
/// </summary>
public static class Distillation
{
    /// <summary>The loss per sample, averaged over the batch: KL summed over classes, or the squared error averaged over output entries.</summary>
    /// <param name="student">[N, D] outputs that carry the gradient.</param>
    /// <param name="teacher">[N, D] target outputs (no gradient).</param>
    public static Tensor Loss(Tensor student, Tensor teacher, bool classScores)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        if (!student.shape.SequenceEqual(teacher.shape))
            throw new ArgumentException($"student [{string.Join(",", student.shape)}] and teacher [{string.Join(",", teacher.shape)}] outputs differ in shape");
        if (!classScores) return student.sub(teacher).square().mean();
        Tensor teacherLog = nn.functional.log_softmax(teacher, 1);
        return teacherLog.exp().mul(teacherLog.sub(nn.functional.log_softmax(student, 1))).sum(1).mean();
    }

    /// <summary>
    /// The objective of training <paramref name="model"/> on <paramref name="data"/>: cross-entropy against the labels,
    /// or, when <paramref name="teacher"/> is given, distillation toward its outputs (labels unused).
    /// </summary>
    public static BatchLoss Objective(OnnxGraphModule model, IModelData data, Teacher? teacher)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (teacher is null && !data.HasLabels)
            throw new ArgumentException("the data has no labels: train by distillation toward the original model instead");
        if (teacher is null && !model.HasClassScores)
            throw new ArgumentException($"the model's outputs ({string.Join(", ", model.PrimaryOutputs)}) are not class scores: train by distillation instead");
        return (positions, device) =>
        {
            ModelBatch batch = data.Batch(positions, device);
            if (teacher is null) return nn.functional.cross_entropy(model.Primary(batch), batch.Labels!);
            Tensor target = teacher.Outputs(batch);
            return Loss(model.Primary(batch), target, model.HasClassScores);
        };
    }
}
