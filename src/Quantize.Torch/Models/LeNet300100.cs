using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Models;

/// <summary>
/// LeNet-300-100 (LeCun et al. 1998), the paper's fully connected network: flatten → fc 300 → ReLU →
/// fc 100 → ReLU → fc 10. 266,610 parameters on 1×28×28 input; any input shape works (fc1 grows with it).
/// </summary>
public sealed class LeNet300100 : nn.Module<Tensor, Tensor>
{
    readonly Linear fc1;
    readonly Linear fc2 = nn.Linear(300, 100);
    readonly Linear fc3;

    public LeNet300100(InputShape input, int classes = 10) : base(nameof(LeNet300100))
    {
        fc1 = nn.Linear(input.Features, 300);
        fc3 = nn.Linear(100, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.relu(fc1.forward(input.flatten(1)));
        x = nn.functional.relu(fc2.forward(x));
        return fc3.forward(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fc1.Dispose();
            fc2.Dispose();
            fc3.Dispose();
        }
        base.Dispose(disposing);
    }
}
