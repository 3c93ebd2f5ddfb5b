namespace Quantize.Torch.FineTuning;

/// <summary>How the gradients of a cluster's members make the gradient of its shared value.</summary>
public enum GradientAggregate
{
    /// <summary>The mean over the members: a center moves like one weight would, whatever its cluster's size.</summary>
    Average,

    /// <summary>The sum over the members (Deep Compression): the true gradient of the loss with respect to the shared value.</summary>
    Sum,
}
