using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Models;

/// <summary>
/// He et al.'s basic block: conv3×3 → BN → ReLU → conv3×3 → BN, plus the shortcut, then ReLU. Where the
/// block changes width or stride the shortcut is option B, a strided 1×1 conv + BN named "downsample.0/1"
/// as in torchvision; elsewhere it is the identity.
/// </summary>
public sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly Conv2d conv2;
    readonly BatchNorm2d bn2;
    readonly Sequential? downsample;

    public ResNetBasicBlock(long inChannels, long outChannels, long stride) : base(nameof(ResNetBasicBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        if (HasProjection(inChannels, outChannels, stride))
            downsample = nn.Sequential(nn.Conv2d(inChannels, outChannels, 1, stride: stride, bias: false), nn.BatchNorm2d(outChannels));
        RegisterComponents();
    }

    public static bool HasProjection(long inChannels, long outChannels, long stride) => stride != 1 || inChannels != outChannels;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.relu(bn1.forward(conv1.forward(input)));
        x = bn2.forward(conv2.forward(x));
        Tensor shortcut = downsample?.forward(input) ?? input;
        return nn.functional.relu(x.add(shortcut, ScalarOne.Value)).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            conv2.Dispose();
            bn2.Dispose();
            downsample?.Dispose();
        }
        base.Dispose(disposing);
    }
}
