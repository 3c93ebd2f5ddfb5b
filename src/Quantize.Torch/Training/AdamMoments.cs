using Quantize.Format.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Quantize.Torch.Training;

/// <summary>
/// Adam's second-moment estimates v at the end of training, one tensor per parameter in the module's
/// parameter order (Adam keeps its state in that order). Paper §3.5 uses √v in place of the Hessian diagonal.
/// </summary>
public static class AdamMoments
{
    public static IReadOnlyList<ParameterTensor> Read(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        if (optimizer is not OptimizerHelper helper) throw new ArgumentException("Adam moments need a managed optimizer", nameof(optimizer));
        return Read(model, helper);
    }

    static IReadOnlyList<ParameterTensor> Read(nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer)
    {
        var named = model.named_parameters().ToList();
        var states = optimizer.state_dict().State;
        if (states.Count != named.Count)
            throw new InvalidOperationException($"Adam holds {states.Count} states for {named.Count} parameters");
        var moments = new List<ParameterTensor>(named.Count);
        for (int i = 0; i < named.Count; i++)
        {
            var state = (Adam.State)states[i];
            using Tensor v = state.exp_avg_sq.detach().cpu().contiguous();
            moments.Add(new ParameterTensor(named[i].name, v.shape, v.data<float>().ToArray()));
        }
        return moments;
    }
}
