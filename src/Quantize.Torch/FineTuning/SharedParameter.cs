using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.FineTuning;

/// <summary>
/// A quantized parameter tied to its codebook on the parameter's device: writes centers[cluster] into the
/// parameter (pruned elements +0.0f) and adds its elements' gradients into their clusters' gradients.
/// </summary>
sealed class SharedParameter : IDisposable
{
    readonly Tensor clusters;   // int64, flat; pruned elements point at cluster 0 and are masked
    readonly Tensor? pruned;    // bool, flat; null when nothing is pruned
    readonly Tensor? scales;    // float, flat; element = center·scale; null when unscaled

    public SharedParameter(Parameter parameter, CodebookAssignment assignment)
    {
        if (parameter.numel() != assignment.Clusters.Length)
            throw new ArgumentException($"tensor '{assignment.Name}' has {parameter.numel()} elements but {assignment.Clusters.Length} cluster indices");
        Parameter = parameter;
        Codebook = assignment.Codebook;
        Device device = parameter.device;
        long[] indices = assignment.Clusters.Select(c => (long)Math.Max(c, 0)).ToArray();
        clusters = tensor(indices, device: device).DetachFromDisposeScope();
        if (assignment.Clusters.Contains(CodebookAssignment.Pruned))
            pruned = tensor(assignment.Clusters.Select(c => c == CodebookAssignment.Pruned).ToArray(), device: device).DetachFromDisposeScope();
        if (assignment.Scales is { } given)
        {
            if (given.Length != assignment.Clusters.Length)
                throw new ArgumentException($"tensor '{assignment.Name}' has {assignment.Clusters.Length} cluster indices but {given.Length} scales");
            Tensor stored = tensor(given, device: device);
            if (stored.dtype != parameter.dtype)
            {
                Tensor converted = stored.to(parameter.dtype);
                stored.Dispose();
                stored = converted;
            }
            scales = stored.DetachFromDisposeScope();
        }
    }

    public Parameter Parameter { get; }

    public int Codebook { get; }

    /// <summary>Sets every element to its cluster's center (times its scale), pruned ones to exactly +0.0f.</summary>
    public void Write(Tensor centers)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor values = centers.index_select(0, clusters);
        if (scales is not null) values = values * scales;
        if (pruned is not null) values = values.masked_fill(pruned, 0f);
        Parameter.copy_(values.reshape(Parameter.shape));
    }

    /// <summary>
    /// Adds each unpruned element's gradient into its cluster's entry of <paramref name="sums"/> (times its scale: the
    /// chain rule through w = c·s), then clears the parameter's gradient.
    /// </summary>
    public void MoveGradientInto(Tensor sums)
    {
        using Tensor? gradient = Parameter.grad;
        if (gradient is null) return;   // the loss does not reach this parameter
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor flat = gradient.reshape(-1);
        if (scales is not null) flat = flat * scales;
        if (pruned is not null) flat = flat.masked_fill(pruned, 0f);
        sums.index_add_(0, clusters, flat, 1);
        Parameter.grad = null;
    }

    public void Dispose()
    {
        clusters.Dispose();
        pruned?.Dispose();
        scales?.Dispose();
    }
}
