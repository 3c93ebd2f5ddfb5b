using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Models;

/// <summary>
/// LeNet-5 as in the paper (Caffe's variant): conv 20@5×5 → max-pool 2 → conv 50@5×5 → max-pool 2 →
/// fc 800→500 → ReLU → fc 500→10. 431,080 parameters. Input: N×1×28×28 pixels in [0, 1]; output: logits.
/// </summary>
public sealed class LeNet5 : nn.Module<Tensor, Tensor>
{
    public const long ParameterCount = 431_080;

    readonly Conv2d conv1 = nn.Conv2d(1, 20, 5);
    readonly Conv2d conv2 = nn.Conv2d(20, 50, 5);
    readonly Linear fc1 = nn.Linear(800, 500);
    readonly Linear fc2 = nn.Linear(500, 10);

    public LeNet5() : base(nameof(LeNet5)) => RegisterComponents();

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.max_pool2d(conv1.forward(input), [2L]);
        x = nn.functional.max_pool2d(conv2.forward(x), [2L]);
        x = x.flatten(1);
        x = nn.functional.relu(fc1.forward(x));
        return fc2.forward(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            conv2.Dispose();
            fc1.Dispose();
            fc2.Dispose();
        }
        base.Dispose(disposing);
    }
}
