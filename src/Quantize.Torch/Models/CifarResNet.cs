using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Models;

/// <summary>
/// The CIFAR ResNet of He et al. 2016 (§4.2): conv3×3 16 → BN → ReLU, three stages of n basic blocks with
/// 16, 32 and 64 channels (stages 2 and 3 start with stride 2), global average pooling, fc. Depth 6n + 2:
/// n = 3 is ResNet-20 (272,474 parameters with option-B shortcuts), n = 5 is ResNet-32. Global pooling
/// makes it take any image size; the channel count is fixed at construction. (Counts are for 3×32×32 input.)
/// </summary>
public sealed class CifarResNet : nn.Module<Tensor, Tensor>
{
    public static readonly long[] StageChannels = [16, 32, 64];

    readonly Conv2d conv1;
    readonly BatchNorm2d bn1;
    readonly Sequential layer1;
    readonly Sequential layer2;
    readonly Sequential layer3;
    readonly Linear fc;

    public CifarResNet(int blocksPerStage, int inputChannels, int classes = 10) : base(nameof(CifarResNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blocksPerStage, 1);
        BlocksPerStage = blocksPerStage;
        conv1 = nn.Conv2d(inputChannels, StageChannels[0], 3, stride: 1, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(StageChannels[0]);
        layer1 = Stage(StageChannels[0], StageChannels[0], 1, blocksPerStage);
        layer2 = Stage(StageChannels[0], StageChannels[1], 2, blocksPerStage);
        layer3 = Stage(StageChannels[1], StageChannels[2], 2, blocksPerStage);
        fc = nn.Linear(StageChannels[2], classes);
        RegisterComponents();
    }

    public int BlocksPerStage { get; }

    public int Depth => DepthOf(BlocksPerStage);

    public static int DepthOf(int blocksPerStage) => 6 * blocksPerStage + 2;

    /// <summary>The stride of stage <paramref name="stage"/> (0-based): stages after the first halve the image.</summary>
    public static long StageStride(int stage) => stage == 0 ? 1 : 2;

    static Sequential Stage(long inChannels, long outChannels, long stride, int blocks)
    {
        var modules = new nn.Module<Tensor, Tensor>[blocks];
        for (int i = 0; i < blocks; i++)
            modules[i] = new ResNetBasicBlock(i == 0 ? inChannels : outChannels, outChannels, i == 0 ? stride : 1);
        return nn.Sequential(modules);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.relu(bn1.forward(conv1.forward(input)));
        x = layer3.forward(layer2.forward(layer1.forward(x)));
        x = nn.functional.adaptive_avg_pool2d(x, [1L, 1L]).flatten(1);
        return fc.forward(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            layer1.Dispose();
            layer2.Dispose();
            layer3.Dispose();
            fc.Dispose();
        }
        base.Dispose(disposing);
    }
}
