using Quantize.Torch.Hessian;

namespace Quantize.Cli.Pipeline;

/// <summary>What <see cref="HessianPipeline"/> needs, already validated by the command.</summary>
/// <param name="Profile">Also time every estimator against one gradient pass over the same samples.</param>
public sealed record HessianRequest(RunContext Context, string Estimator, HessianOptions Options, string Output, bool Profile = false);
