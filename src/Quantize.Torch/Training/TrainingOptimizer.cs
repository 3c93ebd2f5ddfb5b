namespace Quantize.Torch.Training;

/// <summary>The optimizer of a training run. Adam's second moments can stand in for the Hessian (paper §3.5).</summary>
public enum TrainingOptimizer
{
    Adam,
    Sgd,
}
