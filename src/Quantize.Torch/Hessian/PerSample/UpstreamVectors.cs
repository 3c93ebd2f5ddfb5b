using static TorchSharp.torch;

namespace Quantize.Torch.Hessian.PerSample;

/// <summary>
/// Factors the Hessian of the loss with respect to the model output, per sample, as a sum of outer
/// products u·uᵀ (exactly, or in expectation), so that Σ_u (Jᵀu)² is the Gauss–Newton diagonal and each
/// u costs one backward pass.
/// </summary>
static class UpstreamVectors
{
    /// <param name="outputs">Detached model outputs, [batch, K].</param>
    public static IReadOnlyList<Tensor> For(Tensor outputs, HessianLoss loss, GaussNewtonMode mode, int draws, Generator generator) =>
        (loss, mode) switch
        {
            (HessianLoss.CrossEntropy, GaussNewtonMode.Exact) => SoftmaxExact(outputs),
            (HessianLoss.CrossEntropy, GaussNewtonMode.Sampled) => SoftmaxSampled(outputs, draws, generator),
            (HessianLoss.SquaredError, GaussNewtonMode.Exact) => Identity(outputs),
            (HessianLoss.SquaredError, GaussNewtonMode.Sampled) => Rademacher(outputs, draws, generator),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), $"no upstream vectors for {loss} in {mode} mode"),
        };

    // diag(p) − ppᵀ = Σ_c p_c (e_c − p)(e_c − p)ᵀ (using Σ_c p_c = 1): K vectors √p_c (e_c − p).
    static IReadOnlyList<Tensor> SoftmaxExact(Tensor outputs)
    {
        Tensor p = nn.functional.softmax(outputs, 1);
        long classes = outputs.shape[1];
        var result = new Tensor[classes];
        for (long c = 0; c < classes; c++)
            result[c] = OneHot(outputs, c).sub(p).mul(p.narrow(1, c, 1).sqrt());
        return result;
    }

    // A label y drawn from the model's own prediction p gives E[(p − e_y)(p − e_y)ᵀ] = diag(p) − ppᵀ.
    // (True labels instead would give the empirical Fisher, which is not the Hessian.)
    static IReadOnlyList<Tensor> SoftmaxSampled(Tensor outputs, int draws, Generator generator)
    {
        Tensor p = nn.functional.softmax(outputs, 1);
        var result = new Tensor[draws];
        for (int d = 0; d < draws; d++)
        {
            // Drawn on the CPU, where the seeded generator lives, so every device samples the same labels.
            Tensor labels = p.On(CPU).multinomial(1, replacement: true, generator: generator).squeeze(1).On(p.device);
            result[d] = p.sub(nn.functional.one_hot(labels, outputs.shape[1]).to(p.dtype)).div(Math.Sqrt(draws));
        }
        return result;
    }

    // The squared error's output Hessian is I = Σ_k e_k e_kᵀ.
    static IReadOnlyList<Tensor> Identity(Tensor outputs)
    {
        long count = outputs.shape[1];
        var result = new Tensor[count];
        for (long k = 0; k < count; k++) result[k] = OneHot(outputs, k);
        return result;
    }

    // Rademacher v has E[v·vᵀ] = I.
    static IReadOnlyList<Tensor> Rademacher(Tensor outputs, int draws, Generator generator)
    {
        var result = new Tensor[draws];
        for (int d = 0; d < draws; d++)
            result[d] = randint(2, outputs.shape, dtype: outputs.dtype, generator: generator).mul(2).sub(1).div(Math.Sqrt(draws)).On(outputs.device);
        return result;
    }

    static Tensor OneHot(Tensor outputs, long column)
    {
        Tensor e = zeros_like(outputs);
        e.narrow(1, column, 1).fill_(1);
        return e;
    }
}
